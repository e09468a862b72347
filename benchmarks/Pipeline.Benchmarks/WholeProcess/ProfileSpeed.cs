using System.Globalization;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// <c>profile-speed PARQUET CSV [PAIRS]</c> (issue 21): <c>pipeline profile FILE --level full|standard|summary</c>
/// against DuckDB's <c>SUMMARIZE</c>, each a whole process, on both files. One round runs the four processes back to
/// back under the shared build lock (the order alternates round by round); the table gives each command's median wall
/// time over the rounds, the median of the per-round ratios (DuckDB / Pipeline: above 1 Pipeline is faster) and the
/// largest peak RSS. DuckDB's process start (<c>SELECT 1</c>) is measured and printed too.
/// </summary>
public static class ProfileSpeed
{
    private static readonly string[] Levels = ["full", "standard", "summary"];

    /// <summary>Runs the rounds and prints a Markdown table; returns 0, or 1 when a command failed.</summary>
    public static int Run(string parquet, string csv, int rounds, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        string cli = Cli.Pipeline();
        var scratch = Directory.CreateTempSubdirectory("profile-speed-");
        output.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        double start;
        using (BuildLock.Acquire()) start = Cli.DuckDb("SELECT 1").Seconds;
        output.WriteLine($"DuckDB process start (`duckdb-query \"SELECT 1\"`): {start.ToString("F2", inv)} s");
        output.WriteLine();
        output.WriteLine("| file | command | median wall (s) | runs (s) | DuckDB / this (median of rounds) | peak RSS (MB) |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var (path, isCsv) in new[] { (parquet, false), (csv, true) })
        {
            var sql = $"SUMMARIZE SELECT * FROM {(isCsv ? DuckDbWorkloads.ReadCsv(path) : DuckDbWorkloads.ReadParquet(path))}";
            var times = new Dictionary<string, List<ProcessRun>>();
            foreach (var name in Levels.Append("duckdb")) times[name] = [];
            for (int r = 0; r < rounds; r++)
            {
                using var hold = BuildLock.Acquire();
                var order = r % 2 == 0 ? Levels.Append("duckdb") : Levels.Reverse().Prepend("duckdb");
                foreach (var name in order)
                {
                    var run = name == "duckdb" ? Cli.DuckDb(sql)
                        : ProcessRun.Start(cli, ["profile", path, "--level", name, "--out", Path.Combine(scratch.FullName, name)]);
                    run.EnsureSucceeded(name == "duckdb" ? "duckdb SUMMARIZE" : $"pipeline profile --level {name}");
                    times[name].Add(run);
                }
            }
            var duck = times["duckdb"];
            foreach (var name in Levels.Append("duckdb"))
            {
                var runs = times[name];
                string ratio = name == "duckdb" ? "1" : Cli.Median(duck.Zip(runs, (d, p) => d.Seconds / p.Seconds)).ToString("F2", inv) + "×";
                string command = name == "duckdb" ? "DuckDB `SUMMARIZE`" : $"`pipeline profile --level {name}`";
                output.WriteLine($"| {(isCsv ? "CSV" : "Parquet")} | {command} | {Cli.Median(runs.Select(x => x.Seconds)).ToString("F2", inv)} | " +
                                 $"{string.Join(" / ", runs.Select(x => x.Seconds.ToString("F2", inv)))} | {ratio} | {runs.Max(x => x.PeakRssBytes) / 1_000_000} |");
            }
        }
        output.WriteLine();
        output.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        scratch.Delete(recursive: true);
        return 0;
    }
}
