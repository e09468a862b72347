using Pipeline.Benchmarks.Data;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>The <c>compare</c> command: generate the data if needed, time every case on it in this process,
/// print the tables and update <c>RESULTS.md</c>.</summary>
public static class CompareCommand
{
    /// <summary>Runs the comparison; returns the process exit code (0 even when some Pipeline cases are not
    /// available, since that is expected before every format is merged; 1 when a case failed or miscounted).</summary>
    public static async Task<int> RunAsync(CompareOptions options, TextWriter output)
    {
        var started = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Current();
        var loadAtStart = MachineInfo.LoadAverage();
        output.WriteLine($"Machine: {machine}");
        DataGenerator.Ensure(options.Dataset, output, options.Force);

        using var duck = new DuckDbWorkloads();
        output.WriteLine($"DuckDB: SET threads={duck.Threads} (the machine's logical cores)");
        var peers = new[]
        {
            $"DuckDB {duck.Version} (threads={duck.Threads})",
            $"ParquetSharp {typeof(ParquetSharp.Arrow.FileReader).Assembly.GetName().Version}",
        };
        output.WriteLine($"DuckDB reads the CSV as: {duck.DescribeCsv(options.Dataset.CsvPath)}");

        var results = new List<CaseResult>();
        foreach (var benchCase in ComparisonCases.Build(options.Dataset, duck))
            results.Add(await CaseRunner.RunAsync(benchCase, options.Runs, options.Rows, output).ConfigureAwait(false));

        var load = loadAtStart is null ? "unknown" : $"{loadAtStart} at start, {MachineInfo.LoadAverage()} at end";
        var report = new ComparisonReport(started, machine, options.Dataset, options.Runs, peers, results, load);
        ConsoleReport.Write(report, output);
        if (options.ResultsPath is { } path)
        {
            MarkdownReport.Update(path, report);
            output.WriteLine();
            output.WriteLine($"results: {path} updated");
        }
        return results.Any(r => r.Problem is { } p && !p.StartsWith("not available", StringComparison.Ordinal)) ? 1 : 0;
    }
}
