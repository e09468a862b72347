using Pipeline.Engine.Analyze.Profile;
using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// Strong associations between columns (Pearson for numbers, Cramér's V for categories) and columns that copy each
/// other. Numeric columns linked by |r| ≥ <see cref="GroupThreshold"/> form a group reported once (diamonds' carat,
/// x, y and z measure one size); between groups only the strongest pair is reported, so one fact is one insight.
/// </summary>
internal static class CorrelationInsights
{
    /// <summary>|r| from which a correlation is reported.</summary>
    public const double Threshold = 0.7;
    /// <summary>|r| from which three or more numeric columns are reported as one group.</summary>
    public const double GroupThreshold = 0.95;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var copy in inputs.Profile.Copies)
            yield return new Insight("redundant_columns", $"{copy.A} and {copy.B} hold identical values in every row", 50, InsightSeverity.Low,
                [copy.A, copy.B], Evidence.Of(("rows", inputs.Profile.RowCount)), 1, $"Drop one of {copy.A} and {copy.B}.") { Sources = ["profile"] };
        var strong = inputs.Profile.Correlations.Where(c => c.Method is "pearson" or "cramers_v" && c.Rows >= 10 && Math.Abs(c.Value) >= Threshold
                && !inputs.IdColumns.Contains(c.A) && !inputs.IdColumns.Contains(c.B))
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.A, StringComparer.Ordinal).ThenBy(c => c.B, StringComparer.Ordinal).ToList();
        var groupOf = Groups(strong.Where(c => c.Method == "pearson" && Math.Abs(c.Value) >= GroupThreshold));
        foreach (var group in groupOf.Values.Distinct().Where(g => g.Count >= 3))
        {
            var inside = strong.Where(c => c.Method == "pearson" && group.Contains(c.A) && group.Contains(c.B)).ToList();
            double lo = inside.Min(c => Math.Abs(c.Value)), hi = inside.Max(c => Math.Abs(c.Value));
            var names = group.Order(StringComparer.Ordinal).ToList();
            yield return new Insight("correlated_group",
                $"{string.Join(", ", names.SkipLast(1))} and {names[^1]} measure nearly the same thing (|Pearson r| {Num(lo, 2)} to {Num(hi, 2)})",
                64, InsightSeverity.Info, names, Evidence.Of(("min_abs_pearson", lo), ("max_abs_pearson", hi), ("columns", names.Count)), 0.95,
                $"Use one of {string.Join(", ", names)} in models (or combine them); check rows where they disagree for entry errors.")
            { Sources = ["profile"] };
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in strong)
        {
            string ga = GroupKey(groupOf, c.A), gb = GroupKey(groupOf, c.B);
            if (ga == gb && groupOf.ContainsKey(c.A) && groupOf[c.A].Count >= 3) continue;
            if (!seen.Add(string.CompareOrdinal(ga, gb) <= 0 ? $"{ga}|{gb}" : $"{gb}|{ga}")) continue;
            yield return Pair(c);
        }
    }

    private static Insight Pair(Correlation c)
    {
        bool numeric = c.Method == "pearson";
        string how = numeric ? (c.Value > 0 ? "rise together" : "move in opposite directions") : "are strongly associated";
        string measure = numeric ? $"Pearson r = {Num(c.Value, 2)}" : $"Cramér's V = {Num(c.Value, 2)}";
        double strength = Math.Abs(c.Value);
        return new Insight("strong_correlation", $"{c.A} and {c.B} {how} ({measure} over {Count(c.Rows, "row")})",
            Math.Min(68, 40 + (strength - Threshold) * 93), InsightSeverity.Info, [c.A, c.B],
            Evidence.Of((numeric ? "pearson" : "cramers_v", c.Value), ("rows", c.Rows)), numeric ? 0.95 : 0.85,
            strength >= 0.98
                ? $"{c.A} and {c.B} carry nearly the same information: keep one in models."
                : $"Use {c.A} to explain or predict {c.B}; correlation is not causation, so check why they move together.")
        { Sources = ["profile"] };
    }

    private static string GroupKey(Dictionary<string, HashSet<string>> groupOf, string column)
        => groupOf.TryGetValue(column, out var g) && g.Count >= 3 ? "group:" + g.Order(StringComparer.Ordinal).First() : column;

    /// <summary>Connected components of the columns linked by the given correlations.</summary>
    private static Dictionary<string, HashSet<string>> Groups(IEnumerable<Correlation> links)
    {
        var groupOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var c in links)
        {
            var a = groupOf.GetValueOrDefault(c.A) ?? [c.A];
            var b = groupOf.GetValueOrDefault(c.B) ?? [c.B];
            if (ReferenceEquals(a, b)) continue;
            a.UnionWith(b);
            foreach (var column in a) groupOf[column] = a;
        }
        return groupOf;
    }
}
