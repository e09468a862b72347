namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>The executables the whole-process comparisons start: the built <c>pipeline</c> CLI (Release, linux-x64,
/// or <c>PIPELINE_CLI</c>) and this benchmark executable for DuckDB's side (<see cref="DuckDbQuery"/>).</summary>
public static class Cli
{
    /// <summary>The <c>pipeline</c> executable.</summary>
    /// <exception cref="FileNotFoundException">It was not built.</exception>
    public static string Pipeline()
    {
        var path = Environment.GetEnvironmentVariable("PIPELINE_CLI")
                   ?? Path.Combine(Data.BenchDataset.BenchmarksFolder(), "..", "src", "Pipeline.Cli", "bin", "Release", "net10.0", "linux-x64", "pipeline");
        return File.Exists(path) ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"{path}: build the CLI first (dotnet build Pipeline.sln -c Release) or set PIPELINE_CLI");
    }

    /// <summary>This executable, started again as <c>duckdb-query SQL</c>.</summary>
    public static ProcessRun DuckDb(string sql) => ProcessRun.Start(Environment.ProcessPath!, ["duckdb-query", sql]);

    /// <summary>Median of a non-empty list.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
