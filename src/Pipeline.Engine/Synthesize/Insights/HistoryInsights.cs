using System.Globalization;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// What the run history found, as insights ranked with the rest: a load whose size, nulls or means fall outside what
/// earlier runs lead to expect, columns whose distribution drifted from the baseline, and schema changes. A drop in
/// volume leads (a partial load is the costliest silent failure of a daily feed); drift and schema changes follow.
/// </summary>
public static class HistoryInsights
{
    /// <summary>The insights for a run's <c>anomalies[]</c>, <c>drift[]</c> and <c>schema_changes[]</c>.</summary>
    public static IEnumerable<Insight> Find(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        foreach (var a in results.Anomalies) yield return Anomaly(a);
        foreach (var column in results.Drift.GroupBy(d => d.Column, StringComparer.Ordinal)) yield return Drift(column.Key, [.. column]);
        foreach (var s in results.SchemaChanges) yield return Schema(s);
    }

    private static Insight Anomaly(AnomalyResult a)
    {
        var range = a.ExpectedText(N);
        var (title, severity, score, action) = a.Metric switch
        {
            "row_count" => ($"This load has {N(a.Value)} rows; the last {a.HistoryRuns} runs lead to expect {range}",
                a.Value < a.LowerOrOpen() ? InsightSeverity.High : InsightSeverity.Medium, 88.0,
                "Check that the load is complete (a partial extract, a failed upstream job, a filter) before using it."),
            "null_fraction" => ($"{a.Column} is {Pct(a.Value)} missing; earlier runs lead to expect {a.ExpectedText(Pct)}",
                InsightSeverity.Medium, 75.0, $"Find what stopped filling {a.Column} in this load."),
            _ => ($"The mean of {a.Column} is {N(a.Value)}; earlier runs lead to expect {range}",
                InsightSeverity.Medium, 72.0, $"Check whether {a.Column} changed meaning, unit or source in this load."),
        };
        return new Insight("anomaly", title, score, severity, a.Column is null ? [] : [a.Column],
            Evidence.Of(("value", a.Value), ("expected_lower", a.LowerOrOpen()), ("expected_upper", a.UpperOrOpen()), ("history_runs", a.HistoryRuns)),
            0.9, action) { Sources = ["history"] };
    }

    private static Insight Drift(string column, List<DriftResult> found)
    {
        var words = string.Join(", ", found.Select(d => d.Metric switch
        {
            "psi" => $"PSI {N(d.Value)}",
            "ks" => $"KS D = {N(d.Value)}",
            "js_distance" => $"Jensen–Shannon distance {N(d.Value)}",
            "chi_square" => $"Cramér's V {N(d.Value)}",
            "null_fraction_change" => $"null share moved {Pct(d.Value)}",
            "distinct_change" => $"distinct count changed {Pct(d.Value)}",
            _ => $"{d.Metric} {N(d.Value)}",
        }));
        var evidence = found.ToDictionary(d => d.Metric, d => d.Value, StringComparer.Ordinal);
        return new Insight("drift", $"{column} drifted from the baseline run ({words})", 68, InsightSeverity.Medium, [column], evidence, 0.8,
            $"Compare {column} in this load with run {Short(found[0].BaselineRun)} (pipeline history diff) before trusting trends that span both.")
            { Sources = ["history"] };
    }

    private static Insight Schema(SchemaChangeResult s)
    {
        var (title, severity, score) = s.Change switch
        {
            "added" => ($"New column {s.Column} ({s.After}) since the baseline run", InsightSeverity.Low, 60.0),
            "removed" => ($"Column {s.Column} ({s.Before}) is gone since the baseline run", InsightSeverity.High, 82.0),
            "retyped" => ($"{s.Column} changed type from {s.Before} to {s.After} since the baseline run", InsightSeverity.Medium, 74.0),
            _ => ($"{s.Column} now looks like {s.After} rather than {s.Before}", InsightSeverity.Low, 55.0),
        };
        return new Insight("schema_change", title, score, severity, [s.Column], Evidence.Of(), 1.0,
            "Update the consumers and rules of this table for the change, or fix the producer.") { Sources = ["history"] };
    }

    private static string N(double value) => Math.Abs(value) >= 1000 || value == Math.Round(value)
        ? value.ToString("#,0.##", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Short(string runId) => runId.Length > 12 ? runId[..12] : runId;
}
