using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Missing values that another column explains are reported as what they are: the table's structure (an
/// order not shipped yet has no shipping date), not a quality problem. Such a column's plain "missing" finding is
/// replaced by this one.</summary>
internal static class StructuralMissingInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var s in inputs.Data.StructuralMissing)
        {
            var values = s.WhenValues.Count == 1 ? s.WhenValues[0]
                : string.Join(", ", s.WhenValues.Take(s.WhenValues.Count - 1)) + " or " + s.WhenValues[^1];
            yield return new Insight("structural_missing",
                $"{s.Column} is missing exactly when {s.ByColumn} is {values} ({Count(s.NullRows)} of {Count(s.Rows, "row")}): structural, not a data defect",
                40, InsightSeverity.Info, [s.Column, s.ByColumn],
                Evidence.Of(("null_count", s.NullRows), ("rows", s.Rows), ("null_pct", 100.0 * s.NullRows / Math.Max(1, s.Rows))), 1,
                $"Nothing to fix: check {s.Column} only where {s.ByColumn} is not {values} (e.g. a rule with when: on {s.ByColumn}).")
            {
                Sources = ["missing_by_category"],
            };
        }
    }

    /// <summary>The columns whose missing values are structural.</summary>
    public static HashSet<string> Columns(InsightInputs inputs)
        => inputs.Data.StructuralMissing.Select(s => s.Column).ToHashSet(StringComparer.Ordinal);
}
