using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Pipeline.Benchmarks.Data;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>
/// <c>validate-compare PARQUET</c>: 20 typical rules (not null, ranges, sets, a regex on the email column, one
/// cross-column rule, one uniqueness rule) checked by Pipeline (<c>Validation.RunAsync</c>, what <c>pipeline
/// validate</c> runs) and by DuckDB (one SQL query with <c>count(*) FILTER (WHERE NOT ...)</c> per rule and
/// <c>count(*) - count(DISTINCT id)</c>) over the same Parquet file, alternating run by run. Pipeline's warm-up runs
/// before DuckDB's first query, so the process's peak working set at that point is Pipeline's peak.
/// </summary>
public static class ValidationCompare
{
    private static readonly string[] Excluded = ["Crafts \"DIY\""];

    /// <summary>The rules, as YAML (every rule a warning, so nothing is removed and both engines only count).</summary>
    public static string RulesYaml()
    {
        var set = string.Join(", ", Vocabulary.Categories.Except(Excluded).Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'"));
        return $$"""
            rules:
              - {name: id_not_null, column: id, not_null: true, severity: warn}
              - {name: amount_not_null, column: amount, not_null: true, severity: warn}
              - {name: quantity_not_null, column: quantity, not_null: true, severity: warn}
              - {name: category_not_null, column: category, not_null: true, severity: warn}
              - {name: customer_not_null, column: customer, not_null: true, severity: warn}
              - {name: created_not_null, column: created_at, not_null: true, severity: warn}
              - {name: active_not_null, column: active, not_null: true, severity: warn}
              - {name: email_not_null, column: email, not_null: true, severity: warn}
              - {name: amount_range, column: amount, between: [0, 1000], severity: warn}
              - {name: quantity_range, column: quantity, between: [1, 50], severity: warn}
              - {name: amount_non_negative, column: amount, non_negative: true, severity: warn}
              - {name: quantity_positive, column: quantity, positive: true, severity: warn}
              - {name: id_positive, column: id, greater_or_equal: 0, severity: warn}
              - {name: category_known, column: category, in_set: [{{set}}], severity: warn}
              - {name: category_not_test, column: category, not_in_set: ['test', 'unknown'], severity: warn}
              - {name: customer_length, column: customer, length_between: [1, 40], severity: warn}
              - {name: email_shape, column: email, regex: '^[^@\s]+@[^@\s]+\.[a-z]{2,}$', severity: warn}
              - {name: created_not_future, column: created_at, not_future: true, severity: warn}
              - {name: amount_per_item, expression: "amount <= quantity * 100", severity: warn}
              - {name: id_unique, column: id, unique: true, severity: warn}
            """;
    }

    /// <summary>The same checks as one DuckDB query; each column counts the failing rows of one rule.</summary>
    public static string Sql(string parquet)
    {
        var set = string.Join(", ", Vocabulary.Categories.Except(Excluded).Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'"));
        return $$"""
            SELECT
              count(*) FILTER (WHERE id IS NULL), count(*) FILTER (WHERE amount IS NULL), count(*) FILTER (WHERE quantity IS NULL),
              count(*) FILTER (WHERE category IS NULL), count(*) FILTER (WHERE customer IS NULL), count(*) FILTER (WHERE created_at IS NULL),
              count(*) FILTER (WHERE active IS NULL), count(*) FILTER (WHERE email IS NULL),
              count(*) FILTER (WHERE NOT (amount BETWEEN 0 AND 1000)), count(*) FILTER (WHERE NOT (quantity BETWEEN 1 AND 50)),
              count(*) FILTER (WHERE NOT (amount >= 0)), count(*) FILTER (WHERE NOT (quantity > 0)), count(*) FILTER (WHERE NOT (id >= 0)),
              count(*) FILTER (WHERE NOT (category IN ({{set}}))), count(*) FILTER (WHERE category IN ('test', 'unknown')),
              count(*) FILTER (WHERE NOT (length(customer) BETWEEN 1 AND 40)),
              count(*) FILTER (WHERE NOT regexp_full_match(email, '^[^@\s]+@[^@\s]+\.[a-z]{2,}$')),
              count(*) FILTER (WHERE NOT (created_at <= now()::TIMESTAMP)),
              count(*) FILTER (WHERE NOT (amount <= quantity * 100)),
              count(id) - count(DISTINCT id)
            FROM read_parquet('{{parquet.Replace("'", "''", StringComparison.Ordinal)}}')
            """;
    }

    /// <summary>Runs both, <paramref name="runs"/> times each after one warm-up, alternating engines run by run so
    /// both see the same state of a machine whose speed drifts, and prints a Markdown section.</summary>
    public static async Task<int> RunAsync(string parquet, int runs, TextWriter output)
    {
        var rules = RulesReader.Parse(RulesYaml(), "bench-rules.yaml");
        long[] pipelineCounts = [], duckCounts = [];
        var pipelineTimes = new List<double>();
        var duckTimes = new List<double>();
        long pipelinePeak = 0;
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = $"SET threads = {Environment.ProcessorCount}";
                setup.ExecuteNonQuery();
            }
            for (int i = 0; i <= runs; i++)
            {
                var sw = Stopwatch.StartNew();
                pipelineCounts = await RunPipelineAsync(rules, parquet).ConfigureAwait(false);
                if (i > 0) pipelineTimes.Add(sw.Elapsed.TotalSeconds);
                // Pipeline's warm-up runs before DuckDB's first query, so the peak here is Pipeline's alone.
                if (i == 0) pipelinePeak = Process.GetCurrentProcess().PeakWorkingSet64;

                sw.Restart();
                using var command = connection.CreateCommand();
                command.CommandText = Sql(parquet);
                using var reader = command.ExecuteReader();
                reader.Read();
                duckCounts = Enumerable.Range(0, reader.FieldCount).Select(c => Convert.ToInt64(reader.GetValue(c), CultureInfo.InvariantCulture)).ToArray();
                if (i > 0) duckTimes.Add(sw.Elapsed.TotalSeconds);
            }
        }
        long totalPeak = Process.GetCurrentProcess().PeakWorkingSet64;

        var names = rules.Rules.Select(r => r.Name).ToList();
        var mismatches = names.Select((n, i) => (n, i)).Where(x => pipelineCounts[x.i] != duckCounts[x.i]).Select(x => $"{x.n}: {pipelineCounts[x.i]} vs {duckCounts[x.i]}").ToList();
        double p = pipelineTimes.Min(), d = duckTimes.Min();
        var pairRatios = duckTimes.Zip(pipelineTimes, (dt, pt) => dt / pt).Order().ToList();
        double medianRatio = pairRatios.Count % 2 == 1 ? pairRatios[pairRatios.Count / 2] : (pairRatios[pairRatios.Count / 2 - 1] + pairRatios[pairRatios.Count / 2]) / 2;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"## Validation: 20 rules, Pipeline vs DuckDB ({DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", inv)} UTC)");
        output.WriteLine();
        output.WriteLine($"- File: {Path.GetFileName(parquet)} ({new FileInfo(parquet).Length:N0} B); machine: {Environment.ProcessorCount} cores, shared with other builds (load average {File.ReadAllText("/proc/loadavg").Trim()})");
        output.WriteLine($"- Rules: 8 not_null, 5 ranges, in_set, not_in_set, length_between, regex on email, not_future, one cross-column expression, unique(id); all `warn` (count only). Pipeline: `Validation.RunAsync`, the call `pipeline validate` makes. DuckDB: one query, count(*) FILTER (WHERE NOT ...) per rule, count(id) - count(DISTINCT id), threads = {Environment.ProcessorCount}.");
        output.WriteLine($"- Timing: wall clock, 1 warm-up + {runs} runs each, the engines alternating run by run in one process.");
        output.WriteLine();
        output.WriteLine("| engine | runs (s) | best (s) | peak working set |");
        output.WriteLine("|---|---|---|---|");
        output.WriteLine($"| Pipeline | {string.Join(" / ", pipelineTimes.Select(t => t.ToString("F3", inv)))} | {p.ToString("F3", inv)} | {pipelinePeak / (1 << 20)} MiB (process peak after Pipeline's warm-up, before DuckDB ran) |");
        output.WriteLine($"| DuckDB | {string.Join(" / ", duckTimes.Select(t => t.ToString("F3", inv)))} | {d.ToString("F3", inv)} | {totalPeak / (1 << 20)} MiB (process peak after both) |");
        output.WriteLine();
        output.WriteLine($"Ratio DuckDB / Pipeline: best {(d / p).ToString("F2", inv)}, median of the {pairRatios.Count} run pairs {medianRatio.ToString("F2", inv)} (above 1: Pipeline is faster; target 3). Failing-row counts {(mismatches.Count == 0 ? "agree on all 20 rules" : "differ: " + string.Join("; ", mismatches))}.");
        output.WriteLine();
        return mismatches.Count == 0 ? 0 : 1;
    }

    /// <summary>Pipeline's side alone, <paramref name="runs"/> times, printing each run's wall time: a steady load for a
    /// profiler to sample, or for comparing rule subsets (no ratio is reported from it). <paramref name="rulesYaml"/>
    /// replaces the 20 rules when given.</summary>
    public static async Task<int> RunPipelineOnlyAsync(string parquet, int runs, string? rulesYaml, TextWriter output)
    {
        var rules = RulesReader.Parse(rulesYaml ?? RulesYaml(), "bench-rules.yaml");
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await RunPipelineAsync(rules, parquet).ConfigureAwait(false);
            output.WriteLine($"run {i + 1}: {sw.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)} s");
        }
        return 0;
    }

    private static async Task<long[]> RunPipelineAsync(RuleSet rules, string parquet)
    {
        using var context = new PipelineContext(new PipelineOptions().WithEnvironment());
        var validation = new Validation(rules, parquet, DateTimeOffset.UtcNow, context);
        await validation.PrepareAsync(context).ConfigureAwait(false);
        // The call `pipeline validate` makes: with a Parquet file, row groups are read with only the columns the rules need.
        var outcome = await validation.RunAsync(FileFormats.OpenSource(parquet), context).ConfigureAwait(false);
        return validation.Results(outcome.InputSchema).Select(r => r.FailedRows).ToArray();
    }
}
