namespace Pipeline.Benchmarks.Data;

/// <summary>
/// Where the generated files of one size live. File names carry the row count so data sets of different sizes
/// coexist in one folder and a 100k run never reuses a 10M file by mistake.
/// </summary>
/// <param name="Folder">The data folder (git-ignored; <c>benchmarks/data</c> by default).</param>
/// <param name="Rows">Rows in each file.</param>
public sealed record BenchDataset(string Folder, long Rows)
{
    /// <summary>The default row count of the side-by-side comparison.</summary>
    public const long DefaultRows = 10_000_000;

    /// <summary>The generated CSV file (header, RFC 4180, CRLF line ends).</summary>
    public string CsvPath => Path.Combine(Folder, $"bench_{Rows}.csv");

    /// <summary>The generated Parquet file (snappy, 1M-row row groups), same rows as <see cref="CsvPath"/>.</summary>
    public string ParquetPath => Path.Combine(Folder, $"bench_{Rows}.parquet");

    /// <summary>A scratch path for conversion outputs of one engine; overwritten by every run.</summary>
    public string OutputPath(string engine) => Path.Combine(Folder, "out", $"bench_{Rows}.{engine}.parquet");

    /// <summary>True when both files exist (a generation that failed midway leaves only temporary files).</summary>
    public bool Exists => File.Exists(CsvPath) && File.Exists(ParquetPath);

    /// <summary>The default data folder: the <c>PIPELINE_BENCH_DATA</c> environment variable, else
    /// <c>data</c> under <see cref="BenchmarksFolder"/>.</summary>
    public static string DefaultFolder()
        => Environment.GetEnvironmentVariable("PIPELINE_BENCH_DATA") is { Length: > 0 } fromEnv
            ? Path.GetFullPath(fromEnv)
            : Path.Combine(BenchmarksFolder(), "data");

    /// <summary>The repository's <c>benchmarks</c> folder, found by walking up from the executable (then from the
    /// current directory) to <c>Pipeline.sln</c>; this also works for BenchmarkDotNet's child processes under
    /// <c>bin/</c>. Falls back to <c>./benchmarks</c> outside a checkout.</summary>
    public static string BenchmarksFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                    return Path.Combine(dir.FullName, "benchmarks");
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "benchmarks");
    }
}
