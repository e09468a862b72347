using System.Globalization;
using System.Text;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Running.History;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Learn.History;

/// <summary>
/// Thirty generated daily loads recorded in one history through the real runner, with changes planted on known days: a
/// half standard deviation mean shift from day 21 on, a new column from day 25 on, and a load of a tenth of the usual
/// size on day 27 only. Each change is found on exactly its day, and nothing on any other day (the first twenty days
/// are the false-alarm test: one generating process).
/// </summary>
public class DailyLoadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-daily-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Planted_changes_are_found_on_their_day_and_nothing_else_is()
    {
        var settings = new HistorySettings(Path.Combine(_dir, "history.duckdb"));
        var found = new List<string>();
        for (int day = 1; day <= 30; day++)
        {
            var results = await Run(day, settings);
            Assert.Equal("ok", results.Status);
            var findings = results.Drift.Select(d => $"drift {d.Column} {d.Metric}")
                .Concat(results.SchemaChanges.Select(s => $"schema {s.Column} {s.Change}"))
                .Concat(results.Anomalies.Select(a => $"anomaly {a.Metric} {a.Column}".TrimEnd()))
                .Concat(results.Warnings.Select(w => $"warning {w}"));
            found.AddRange(findings.Select(f => $"day {day}: {f}"));
            if (day == 28) Assert.NotEqual(day - 1, DayOf(results.Baseline!.Runs[0]));
        }
        Assert.Equal(
        [
            "day 21: drift amount psi", "day 21: drift amount ks", "day 21: anomaly mean amount",
            "day 25: schema channel added",
            "day 27: anomaly row_count",
        ], found);
    }

    [Fact]
    public async Task A_window_baseline_pools_the_last_runs_and_first_compares_with_the_oldest()
    {
        var history = Path.Combine(_dir, "history.duckdb");
        var window = new HistorySettings(history) { Baseline = Core.History.Baseline.Pooled(3) };
        RunResults? last = null;
        for (int day = 1; day <= 4; day++) last = await Run(day, window);
        Assert.Equal("window:3", last!.Baseline!.Kind);
        Assert.Equal(3, last.Baseline.Runs.Count);
        Assert.Empty(last.Drift);

        // From day 21 on the mean is shifted: against the first run every later day drifts, not only the first one.
        var first = new HistorySettings(history) { Baseline = Core.History.Baseline.First };
        var shifted = await Run(21, first);
        Assert.Equal("first", shifted.Baseline!.Kind);
        Assert.Contains(shifted.Drift, d => d.Column == "amount" && d.Metric == "psi");
        var again = await Run(22, first);
        Assert.Contains(again.Drift, d => d.Column == "amount" && d.Metric == "psi");

        var missing = await Run(5, new HistorySettings(history) { Baseline = Core.History.Baseline.Run("nosuchrun") });
        Assert.Null(missing.Baseline);
        Assert.Contains(missing.Warnings, w => w.Contains("baseline run 'nosuchrun' is not in the history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_rules_fail_like_table_rules_on_the_days_of_their_changes()
    {
        var settings = new HistorySettings(Path.Combine(_dir, "history.duckdb"));
        const string rules = """
            rules:
              - {name: amount_stable, column: amount, drift: {psi_at_most: 0.2}}
              - {name: volume, anomaly: {metric: row_count, strategy: relative_rate_of_change, max_decrease: 0.5, max_increase: 2.0}}
              - {name: no_schema_change, schema_unchanged: true}
              - {name: nulls_usual, column: amount, severity: warn, anomaly: {metric: null_fraction, strategy: simple_thresholds, upper: 0.2}}
            """;
        var failed = new List<string>();
        foreach (var day in new[] { 19, 20, 21, 22, 24, 25, 26, 27 })
        {
            var results = await Run(day, settings, rules);
            failed.AddRange(results.Rules.Where(r => !r.Passed).Select(r => $"day {day}: {r.Name}"));
            Assert.Equal(results.Rules.Any(r => !r.Passed && r.Severity == "error") ? "checks_failed" : "ok", results.Status);
            Assert.All(results.Rules, r => Assert.Equal("history", r.Scope));
        }
        // Day 19 has no earlier run: the rules pass and say there is nothing to compare. Day 24 follows day 22 (no 23):
        // same process. Day 28 would be back to 2,000 rows: a doubling against day 27 is within the rule's 2.0.
        Assert.Equal(["day 21: amount_stable", "day 25: no_schema_change", "day 27: volume"], failed);
    }

    [Fact]
    public async Task A_spec_chooses_the_strategy_per_metric_or_turns_one_off()
    {
        var settings = new HistorySettings(Path.Combine(_dir, "history.duckdb"));
        const string anomalies = "anomalies: {row_count: {strategy: simple_thresholds, lower: 1500}, amount.mean: off}";
        var found = new List<string>();
        foreach (var day in new[] { 15, 16, 17, 18, 19, 20, 21, 27 })
        {
            var results = await Run(day, settings, anomalies);
            found.AddRange(results.Anomalies.Select(a => $"day {day}: {a.Metric} {a.Strategy} {a.ExpectedLower} {a.ExpectedUpper?.ToString() ?? "open"}"));
        }
        // The day-21 mean shift is not watched; the small day-27 load falls under the fixed lower bound.
        Assert.Equal(["day 27: row_count simple_thresholds 1500 open"], found);
    }

    [Fact]
    public async Task A_history_rule_without_a_history_fails_and_says_what_it_needs()
    {
        var results = await Run(1, null, "rules: [{name: no_schema_change, schema_unchanged: true}]");
        var rule = Assert.Single(results.Rules);
        Assert.False(rule.Passed);
        Assert.Contains("needs the run history", rule.Message);
        Assert.Equal("checks_failed", results.Status);
    }

    private readonly Dictionary<string, int> _days = [];

    private int DayOf(string runId) => _days[runId];

    private async Task<RunResults> Run(int day, HistorySettings? settings, string extra = "")
    {
        var data = Path.Combine(_dir, $"sales_day{day:00}.csv");
        await File.WriteAllTextAsync(data, Load(day));
        var spec = Path.Combine(_dir, $"day{day:00}.yaml");
        await File.WriteAllTextAsync(spec, $"name: sales\nsource: {data}\nprofile: true\n{extra}\n");
        var job = await SpecRunner.RunAsync(new SpecRunRequest
        {
            Spec = SpecReader.ReadFile(spec), RunFolder = Path.Combine(_dir, "runs", $"{day:00}-{Guid.NewGuid():N}"), History = settings,
        });
        if (job.Results.RunId is { } id) _days[id] = day;
        return job.Results;
    }

    /// <summary>Day <paramref name="day"/>'s load: about 2,000 rows of id, amount ~ N(100, 20) with 5% nulls (N(110, 20)
    /// from day 21), region from a 50/30/20 mix, quantity 1–10, and a channel column from day 25; day 27 has 200 rows.</summary>
    private static string Load(int day)
    {
        var random = new Random(1000 + day);
        int rows = day == 27 ? 200 : 2000 + random.Next(-50, 51);
        double mean = day >= 21 ? 110 : 100;
        var csv = new StringBuilder(day >= 25 ? "id,amount,region,quantity,channel\n" : "id,amount,region,quantity\n");
        for (int i = 0; i < rows; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            string amount = random.NextDouble() < 0.05 ? "" : (mean + 20 * z).ToString("0.00", CultureInfo.InvariantCulture);
            double u = random.NextDouble();
            string region = u < 0.5 ? "north" : u < 0.8 ? "south" : "east";
            csv.Append(day * 10_000 + i).Append(',').Append(amount).Append(',').Append(region).Append(',').Append(random.Next(1, 11));
            if (day >= 25) csv.Append(',').Append(random.Next(2) == 0 ? "web" : "store");
            csv.Append('\n');
        }
        return csv.ToString();
    }
}
