using System.Globalization;
using System.Text.Json;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// <c>validate-speed PARQUET [SETS] [ROUNDS]</c> (issue 21): for each of <c>SETS</c> generated rule sets
/// (<see cref="GeneratedRuleSet"/>, seeds 1..SETS), <c>pipeline validate PARQUET --rules R --out D</c> and DuckDB
/// evaluating the same rules in one query, each a whole process, alternating within a round under the shared build
/// lock. Every run's failing-row counts are compared rule by rule (results.json's <c>failed_rows</c> against DuckDB's
/// columns); the table gives the median wall times, the median of the per-round ratios (DuckDB / Pipeline) and the
/// peak RSS of each side.
/// </summary>
public static class ValidateSpeed
{
    /// <summary>Runs the sets and prints a Markdown table; returns 0 when every count agreed, else 1.</summary>
    public static int Run(string parquet, int sets, int rounds, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        string cli = Cli.Pipeline();
        var scratch = Directory.CreateTempSubdirectory("validate-speed-");
        output.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine();
        output.WriteLine("| set | rule kinds | Pipeline median (s) | DuckDB median (s) | DuckDB / Pipeline (median of rounds) | peak RSS Pipeline / DuckDB (MB) | counts |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        bool allAgree = true;
        var ratios = new List<double>();
        for (int seed = 1; seed <= sets; seed++)
        {
            var rules = GeneratedRuleSet.Create(seed);
            var rulesFile = Path.Combine(scratch.FullName, $"rules{seed}.yaml");
            File.WriteAllText(rulesFile, GeneratedRuleSet.Yaml(rules));
            string sql = GeneratedRuleSet.Sql(rules, parquet);
            var pipeline = new List<ProcessRun>();
            var duck = new List<ProcessRun>();
            var mismatches = new SortedSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < rounds; r++)
            {
                using var hold = BuildLock.Acquire();
                var outFolder = Path.Combine(scratch.FullName, $"out{seed}");
                ProcessRun RunPipeline() => ProcessRun.Start(cli, ["validate", parquet, "--rules", rulesFile, "--out", outFolder]);
                ProcessRun p, d;
                if (r % 2 == 0) { p = RunPipeline(); d = Cli.DuckDb(sql); }
                else { d = Cli.DuckDb(sql); p = RunPipeline(); }
                d.EnsureSucceeded("duckdb query");
                pipeline.Add(p);
                duck.Add(d);
                var ours = FailedRows(Path.Combine(outFolder, "results.json"));
                var theirs = d.Output.Trim().Split('\t').Select(v => long.Parse(v, inv)).ToArray();
                for (int i = 0; i < rules.Count; i++)
                {
                    long mine = ours.TryGetValue(rules[i].Name, out var c) ? c : -1;
                    if (mine != theirs[i]) mismatches.Add($"{rules[i].Name} ({rules[i].Yaml}): {mine} vs {theirs[i]}");
                }
            }
            double ratio = Cli.Median(duck.Zip(pipeline, (d, p) => d.Seconds / p.Seconds));
            ratios.Add(ratio);
            allAgree &= mismatches.Count == 0;
            var kinds = string.Join(", ", rules.GroupBy(x => x.Kind).Select(g => $"{g.Count()} {g.Key}"));
            output.WriteLine($"| {seed} | {kinds} | {Cli.Median(pipeline.Select(x => x.Seconds)).ToString("F2", inv)} | {Cli.Median(duck.Select(x => x.Seconds)).ToString("F2", inv)} | " +
                             $"{ratio.ToString("F2", inv)}× | {pipeline.Max(x => x.PeakRssBytes) / 1_000_000} / {duck.Max(x => x.PeakRssBytes) / 1_000_000} | " +
                             $"{(mismatches.Count == 0 ? $"all {rules.Count} equal" : "DIFFER: " + string.Join("; ", mismatches))} |");
        }
        output.WriteLine();
        output.WriteLine($"Median over the sets of the per-set ratio: {Cli.Median(ratios).ToString("F2", inv)}×; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        scratch.Delete(recursive: true);
        return allAgree ? 0 : 1;
    }

    /// <summary>Each rule's <c>failed_rows</c> from a run's results.json.</summary>
    private static Dictionary<string, long> FailedRows(string resultsJson)
    {
        if (!File.Exists(resultsJson)) throw new InvalidOperationException($"{resultsJson}: pipeline validate wrote no results");
        using var doc = JsonDocument.Parse(File.ReadAllText(resultsJson));
        return doc.RootElement.GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("failed_rows").GetInt64(), StringComparer.Ordinal);
    }
}
