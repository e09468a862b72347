using Pipeline.Engine.Analyze.Profile;
using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Data quality findings from the profile and the null patterns: missing values, empty columns and rows,
/// duplicates, constants, zeros standing in for missing measurements, infinities.</summary>
internal static class QualityInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        var p = inputs.Profile;
        long rows = p.RowCount;
        if (rows == 0)
        {
            yield return new Insight("empty", "The table has no rows", 90, InsightSeverity.High, [], Evidence.Of(("rows", 0)), 1,
                "Check the input path and the rules: nothing reached the profile.") { Sources = ["profile"] };
            yield break;
        }
        // Columns with the same number of nulls (usually the same rows) are one finding, not one per column.
        var sameNulls = p.Columns.Where(c => c.NullCount > 0 && c.NullCount < rows).GroupBy(c => c.NullCount).Where(g => g.Count() >= 3)
            .SelectMany(g => g).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in p.Columns.Where(c => sameNulls.Contains(c.Name)).GroupBy(c => c.NullCount))
            yield return MissingTogether(group.ToList(), rows);
        foreach (var c in p.Columns)
        {
            if (sameNulls.Contains(c.Name)) { }
            else if (c.NullCount == rows)
                yield return new Insight("all_null_column", $"{c.Name} is empty: all {Count(rows)} values are missing", 75, InsightSeverity.High,
                    [c.Name], Evidence.Of(("null_count", c.NullCount), ("null_pct", 100)), 1,
                    $"Drop {c.Name} or fix the extract that should fill it.") { Sources = ["profile"] };
            else if (c.NullPct is { } pct && c.NullCount > 0)
            {
                string severity = pct >= 30 ? InsightSeverity.High : pct > 5 ? InsightSeverity.Medium : InsightSeverity.Low;
                // Below the analytical findings of the same table: a mostly empty column (a cabin number, a free-text note)
                // is worth knowing but is rarely the headline, and a rate differing by segment outranks it.
                double score = Math.Min(80, 20 + pct * 0.85);
                double allowed = Math.Ceiling(pct) / 100;
                yield return new Insight("missing", $"{c.Name} is missing in {Pct(pct)} of rows ({Count(c.NullCount)} of {Count(rows)})", score, severity,
                    [c.Name], Evidence.Of(("null_count", c.NullCount), ("null_pct", pct), ("rows", rows)), 1,
                    $"Find out why {c.Name} is missing and fill it at the source, or accept the level with a rule " +
                    $"`{{column: {c.Name}, null_fraction_at_most: {allowed.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}`.") { Sources = ["profile"] };
            }
            if (c.DistinctCount == 1 && c.Count > 1 && rows > 1)
                yield return new Insight("constant", $"{c.Name} has the same value in every row ({c.TopValues.FirstOrDefault()?.Value ?? "?"})", 30, InsightSeverity.Low,
                    [c.Name], Evidence.Of(("distinct_count", 1), ("count", c.Count)), 1,
                    $"Drop {c.Name} from analyses: it carries no information.") { Sources = ["profile"] };
            if (ZeroCoded(c) is { } zero) yield return zero;
            if (c.Infinities is > 0)
                yield return new Insight("infinite", $"{c.Name} holds {Count(c.Infinities.Value)} infinite values", 60, InsightSeverity.Medium,
                    [c.Name], Evidence.Of(("infinities", c.Infinities.Value)), 1,
                    $"Treat ±∞ in {c.Name} as missing or fix the division that produced them; add a rule `{{column: {c.Name}, between: [lo, hi]}}`.") { Sources = ["profile"] };
        }
        if (p.DuplicateRowCount > 0)
        {
            double pct = 100.0 * p.DuplicateRowCount / rows;
            yield return new Insight("duplicates", $"{Count(p.DuplicateRowCount)} rows are exact duplicates of another row ({Pct(pct)})",
                Math.Min(80, 52 + pct * 3), pct > 5 ? InsightSeverity.High : InsightSeverity.Medium, [],
                Evidence.Of(("duplicate_rows", p.DuplicateRowCount), ("duplicate_pct", pct), ("rows", rows)), p.DuplicateRowCountExact ? 1 : 0.9,
                "Remove the duplicate rows, or add a key column and a `unique` rule on it.") { Sources = ["profile"] };
        }
        if (MostlyEmptyRows(inputs) is { } empty) yield return empty;
    }

    private static Insight MissingTogether(IReadOnlyList<ColumnProfile> columns, long rows)
    {
        long nulls = columns[0].NullCount;
        double pct = 100.0 * nulls / rows;
        string names = columns.Count <= 4
            ? string.Join(", ", columns.SkipLast(1).Select(c => c.Name)) + " and " + columns[^1].Name
            : $"{string.Join(", ", columns.Take(3).Select(c => c.Name))} and {columns.Count - 3} more columns";
        string severity = pct >= 30 ? InsightSeverity.High : pct > 5 ? InsightSeverity.Medium : InsightSeverity.Low;
        return new Insight("missing", $"{names} are each missing in {Count(nulls)} of {Count(rows, "row")} ({Pct(pct)})",
            Math.Min(88, 22 + pct * 1.2), severity, columns.Select(c => c.Name).ToList(),
            Evidence.Of(("null_count", nulls), ("null_pct", pct), ("columns", columns.Count), ("rows", rows)), 1,
            $"Check whether the same rows lack all {columns.Count} columns (see the missing-value matrix); fix the extract or drop those rows.")
        { Sources = ["profile"] };
    }

    /// <summary>Zeros in a measurement whose other values are all positive: usually a missing value written as 0.</summary>
    private static Insight? ZeroCoded(ColumnProfile c)
    {
        if (c.Kind != "numeric" || c.Zeros is not (> 0 and var zeros) || c.Negatives is not 0 || c.Count < 20) return null;
        if (zeros > 0.05 * c.Count || c.SemanticType is "id" or "category" or "boolean") return null;
        if (c.Quantiles?.GetValueOrDefault("p01") is not double p01 || p01 <= 0) return null;
        return new Insight("zero_values", $"{c.Name} is 0 in {Count(zeros)} rows although its other values are positive (1st percentile {Num(p01)})",
            58, InsightSeverity.Medium, [c.Name], Evidence.Of(("zeros", zeros), ("p01", p01), ("count", c.Count)), 0.8,
            $"Zeros in {c.Name} probably stand for missing measurements: turn them into nulls, or add a rule `{{column: {c.Name}, greater_than: 0}}`.")
        { Sources = ["profile"] };
    }

    /// <summary>Rows where at least half the cells are null (and at least two).</summary>
    private static Insight? MostlyEmptyRows(InsightInputs inputs)
    {
        var nulls = inputs.Data.Nulls;
        int columns = nulls.Columns.Count;
        if (columns < 2) return null;
        int threshold = Math.Max(2, (columns + 1) / 2);
        long mostly = 0, allNull = 0;
        int fewestNulls = columns;
        for (int k = threshold; k < nulls.RowsByNullCount.Count; k++)
        {
            if (nulls.RowsByNullCount[k] == 0) continue;
            mostly += nulls.RowsByNullCount[k];
            fewestNulls = Math.Min(fewestNulls, k);
            if (k == columns) allNull += nulls.RowsByNullCount[k];
        }
        if (mostly == 0) return null;
        var pattern = nulls.Patterns.FirstOrDefault(pt => pt.NullColumns.Count >= threshold);
        string which = allNull == mostly ? "completely empty" : $"mostly empty ({fewestNulls} or more of {columns} values missing)";
        double pct = 100.0 * mostly / Math.Max(1, inputs.Profile.RowCount);
        return new Insight("empty_rows", $"{Count(mostly, "row")} {(mostly == 1 ? "is" : "are")} {which}", Math.Min(78, 55 + pct * 5), pct > 1 ? InsightSeverity.High : InsightSeverity.Medium,
            pattern?.NullColumns ?? [], Evidence.Of(("rows", mostly), ("all_null_rows", allNull), ("min_null_cells", fewestNulls), ("columns", columns)), 1,
            pattern is { NullColumns.Count: > 0 }
                ? $"Remove these rows or find the source records they came from; add a rule `{{column: {pattern.NullColumns[0]}, not_null: true}}` to quarantine them."
                : "Remove these rows or find the source records they came from; add a `not_null` rule on a column they all lack.")
        { Sources = ["nulls"] };
    }
}
