using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Failed rules and quarantined rows of the run.</summary>
internal static class RuleInsights
{
    /// <summary>Rules about nulls restate a missing-values finding on the same column, so they share its kind and merge with it.</summary>
    private static string TopicKind(string ruleKind) => ruleKind is "not_null" or "completeness_at_least" or "null_fraction_at_most" ? "missing" : "rule_failed";

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var r in inputs.Rules.Where(r => !r.Passed))
        {
            bool error = r.Severity == "error";
            string what = r.Scope == "row" ? Count(r.FailedRows, "row") : r.Observed is { } o ? $"observed {Num(o)}" : "the table";
            double pct = inputs.RowsRead == 0 ? 0 : 100.0 * r.FailedRows / inputs.RowsRead;
            yield return new Insight(Test.DefaultChecks.InsightKindOf(r.Kind) ?? TopicKind(r.Kind),
                $"Rule {r.Name} failed: {what}{(r.Column is null ? "" : $" in {r.Column}")}{(r.Action is "quarantine" or "drop" ? $" ({r.Action}d)" : "")}",
                error ? Math.Min(95, 80 + pct) : Math.Min(70, 50 + pct), error ? InsightSeverity.High : InsightSeverity.Medium,
                r.Column is null ? [] : [r.Column],
                Evidence.Of(("failed_rows", r.FailedRows), ("failed_pct", pct), ("observed", r.Observed ?? double.NaN)), 1,
                r.Message is null ? $"Fix the failing rows at the source or adjust rule {r.Name}." : $"{r.Message}. Fix the source data or adjust rule {r.Name}.")
            { Sources = ["rules"] };
        }
        if (inputs.Quarantine is { Rows: > 0 } q)
        {
            double pct = inputs.RowsRead == 0 ? 0 : 100.0 * q.Rows / inputs.RowsRead;
            string stages = string.Join(", ", q.ByStage.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Count(kv.Value)} at {kv.Key}"));
            yield return new Insight("quarantine", $"{Count(q.Rows)} of {Count(inputs.RowsRead)} rows were quarantined ({stages})",
                Math.Min(92, 60 + pct * 5), pct > 1 ? InsightSeverity.High : InsightSeverity.Medium, [],
                Evidence.Of([("rows", q.Rows), ("pct", pct), .. q.ByStage.Select(kv => ($"rows[{kv.Key}]", (double)kv.Value))]), 1,
                "Open quarantine.parquet: each row has its reason (_reason); fix the source or the rules.")
            { Sources = ["quarantine"] };
        }
    }
}
