using System.Text.RegularExpressions;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Kinds;

namespace Pipeline.Engine.Validate.Quality;

/// <summary>
/// Computes <c>quality</c> from a run's counts and rule results:
/// completeness = 1 − nulls / values (every column, counted after cleaning, before validation);
/// validity = mean pass rate of value rules (ranges, sets, patterns, formats, shapes, aggregates);
/// uniqueness = mean pass rate of uniqueness rules (unique, unique_together, primary_key, distinct/unique-ratio);
/// consistency = mean pass rate of cross-column, reference and schema rules (expressions, when/then, column_equals,
/// exists_in, row_count_equals, column type and list rules);
/// timeliness = mean pass rate of fresh_within and not_future.
/// A row rule's pass rate is 1 − failed rows / rows read; a table or schema rule's is 1 or 0. A rule counts for every
/// column it names (expression rules: every column their text mentions).
/// </summary>
public static partial class QualityScore
{
    /// <summary>The weights of the dimensions.</summary>
    public static IReadOnlyDictionary<string, double> Weights { get; } = new Dictionary<string, double>
    {
        ["completeness"] = 0.3, ["validity"] = 0.3, ["uniqueness"] = 0.15, ["consistency"] = 0.15, ["timeliness"] = 0.1,
    };

    private const string Explanation = "score = sum(weight × dimension) / sum(weight) over the dimensions measured. completeness = 1 − nulls/values; "
        + "validity, uniqueness, consistency and timeliness = mean pass rate of the rules of that dimension (row rule: 1 − failed/read; table or schema rule: 1 if passed else 0). "
        + "A column gets the rules that name it; the table gets all rules and all values.";

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*|""[^""]+""", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>The dimension a rule kind measures (as the kind declares it).</summary>
    public static string DimensionOf(RuleKind kind) => RuleKindRegistry.Of(kind).Dimension;

    /// <summary>Computes the scores. <paramref name="rules"/> are the rules that ran (null: none), <paramref name="nulls"/>
    /// the per-column null counts, <paramref name="columns"/> the columns in schema order.</summary>
    public static QualityResult Compute(RunResults results, RuleSet? rules, NullCounts nulls, IReadOnlyList<string> columns)
    {
        long read = Math.Max(1, results.Rows.Read);
        var byName = rules?.Rules.ToDictionary(r => r.Name) ?? [];
        var rated = new List<(Rule Rule, double Rate, IReadOnlyList<string> Columns)>();
        foreach (var r in results.Rules)
        {
            if (!byName.TryGetValue(r.Name, out var rule)) continue;
            // A history rule is about change between runs, not about this run's values.
            if (r.Scope == "history") continue;
            double rate = r.Scope == "row" || RuleKindRegistry.Of(rule.Kind) is TableRuleKind { FailsRows: true }
                ? Math.Clamp(1 - (double)r.FailedRows / read, 0, 1) : r.Passed ? 1 : 0;
            rated.Add((rule, rate, ColumnsOf(rule, columns)));
        }
        var counts = nulls.Nulls;
        long rows = nulls.Rows;
        var perColumn = columns.Select(c =>
        {
            var dims = new Dictionary<string, QualityDimension>(StringComparer.Ordinal);
            if (rows > 0 && counts.TryGetValue(c, out var n)) dims["completeness"] = new(Round(1 - (double)n / rows), $"{n} nulls of {rows} values");
            AddRuleDimensions(dims, rated.Where(x => x.Columns.Contains(c)).ToList(), skipCompleteness: dims.ContainsKey("completeness"));
            return new ColumnQuality(c, Weighted(dims), dims);
        }).ToList();

        var table = new Dictionary<string, QualityDimension>(StringComparer.Ordinal);
        long values = rows * columns.Count, allNulls = columns.Sum(c => counts.GetValueOrDefault(c));
        if (values > 0) table["completeness"] = new(Round(1 - (double)allNulls / values), $"{allNulls} nulls of {values} values");
        AddRuleDimensions(table, rated, skipCompleteness: table.ContainsKey("completeness"));
        return new QualityResult(Weighted(table), Weights, table, perColumn, Explanation);
    }

    private static void AddRuleDimensions(Dictionary<string, QualityDimension> dims, List<(Rule Rule, double Rate, IReadOnlyList<string> Columns)> rated, bool skipCompleteness)
    {
        foreach (var group in rated.GroupBy(x => DimensionOf(x.Rule.Kind)))
        {
            if (group.Key == "completeness" && skipCompleteness) continue;
            var list = group.ToList();
            dims[group.Key] = new(Round(list.Average(x => x.Rate)), $"{list.Count} rule{(list.Count == 1 ? "" : "s")}: {string.Join(", ", list.Select(x => x.Rule.Name))}");
        }
    }

    private static double Weighted(Dictionary<string, QualityDimension> dims)
    {
        double sum = 0, weight = 0;
        foreach (var (name, d) in dims) { sum += Weights[name] * d.Score; weight += Weights[name]; }
        return weight == 0 ? 1 : Round(sum / weight);
    }

    private static double Round(double d) => Math.Round(d, 4);

    private static IReadOnlyList<string> ColumnsOf(Rule rule, IReadOnlyList<string> columns)
    {
        var kind = RuleKindRegistry.Of(rule.Kind);
        var named = new HashSet<string>(kind.ReadsKeyColumns ? rule.KeyColumns : [], StringComparer.Ordinal);
        foreach (var text in new[] { rule.Text, rule.Filter })
        {
            if (text is null || !kind.TextIsExpression) continue;
            foreach (Match m in Identifier().Matches(text))
            {
                var name = m.Value.Trim('"');
                if (columns.Contains(name)) named.Add(name);
            }
        }
        return [.. named];
    }
}
