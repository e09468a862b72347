using static Pipeline.Engine.Report.ReportText;

namespace Pipeline.Engine.Report.Insights;

/// <summary>Strong associations between columns (Pearson for numbers, Cramér's V for categories) and columns that
/// copy each other.</summary>
internal static class CorrelationInsights
{
    /// <summary>|r| from which a correlation is reported.</summary>
    public const double Threshold = 0.7;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var copy in inputs.Profile.Copies)
            yield return new Insight("redundant_columns", $"{copy.A} and {copy.B} hold identical values in every row", 50, InsightSeverity.Low,
                [copy.A, copy.B], Evidence.Of(("rows", inputs.Profile.RowCount)), 1, $"Drop one of {copy.A} and {copy.B}.") { Sources = ["profile"] };
        foreach (var c in inputs.Profile.Correlations.Where(c => c.Method is "pearson" or "cramers_v" && c.Rows >= 10 && Math.Abs(c.Value) >= Threshold))
        {
            bool numeric = c.Method == "pearson";
            string how = numeric ? (c.Value > 0 ? "rise together" : "move in opposite directions") : "are strongly associated";
            string measure = numeric ? $"Pearson r = {Num(c.Value, 2)}" : $"Cramér's V = {Num(c.Value, 2)}";
            double strength = Math.Abs(c.Value);
            yield return new Insight("strong_correlation", $"{c.A} and {c.B} {how} ({measure} over {Count(c.Rows)} rows)",
                Math.Min(68, 40 + (strength - Threshold) * 93), InsightSeverity.Info, [c.A, c.B],
                Evidence.Of((numeric ? "pearson" : "cramers_v", c.Value), ("rows", c.Rows)), numeric ? 0.95 : 0.85,
                strength >= 0.98
                    ? $"{c.A} and {c.B} carry nearly the same information: keep one in models."
                    : $"Use {c.A} to explain or predict {c.B}; correlation is not causation, so check why they move together.")
            { Sources = ["profile"] };
        }
    }
}
