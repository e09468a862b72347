namespace Pipeline.Benchmarks.Databases;

/// <summary>Settings of the <c>databases</c> command.</summary>
/// <param name="PostgresRows">Rows read from PostgreSQL (<c>--pg-rows</c>, default 1M).</param>
/// <param name="DuckDbRows">Rows written to the DuckDB sink (<c>--duckdb-rows</c>, default 10M).</param>
/// <param name="Runs">Timed runs per case after one warm-up (<c>--runs</c>, default 3); the best is reported.</param>
/// <param name="ResultsPath">Markdown log to update (<c>--results</c>, default <c>benchmarks/RESULTS.md</c>; <c>none</c> skips it).</param>
/// <param name="Connection">PostgreSQL connection string: <c>--pg</c>, else <c>PIPELINE_TEST_PG</c> (which <c>.ci/postgres.sh</c> sets).</param>
public sealed record DatabaseBenchOptions(long PostgresRows, long DuckDbRows, int Runs, string? ResultsPath, string? Connection)
{
    /// <summary>Parses the arguments after the command word.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static DatabaseBenchOptions Parse(IReadOnlyList<string> args)
    {
        long pgRows = 1_000_000, duckRows = 10_000_000;
        int runs = 3;
        string? results = Path.Combine(Data.BenchDataset.BenchmarksFolder(), "RESULTS.md");
        string? connection = Environment.GetEnvironmentVariable("PIPELINE_TEST_PG");
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--pg-rows": pgRows = Count(Value(), "--pg-rows"); break;
                case "--duckdb-rows": duckRows = Count(Value(), "--duckdb-rows"); break;
                case "--runs": runs = (int)Count(Value(), "--runs"); break;
                case "--results": results = Value() is "none" ? null : Path.GetFullPath(args[i]); break;
                case "--pg": connection = Value() is "none" ? null : args[i]; break;
                default: throw new ArgumentException($"unknown option '{args[i]}' (known: --pg-rows N, --duckdb-rows N, --runs N, --results FILE|none, --pg CONNECTION|none)");
            }
        }
        return new DatabaseBenchOptions(pgRows, duckRows, runs, results, connection);
    }

    /// <summary>Accepts <c>100000</c>, <c>100_000</c>, <c>100k</c>, <c>10M</c>.</summary>
    private static long Count(string text, string option)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal);
        long scale = 1;
        if (t.EndsWith('k') || t.EndsWith('K')) { scale = 1_000; t = t[..^1]; }
        else if (t.EndsWith('m') || t.EndsWith('M')) { scale = 1_000_000; t = t[..^1]; }
        return long.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * scale : throw new ArgumentException($"{option}: '{text}' is not a positive number");
    }
}
