using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Sampling;
using Pipeline.Engine.Analyze.Segments;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Analyze.Relations;

/// <summary>
/// Rules between columns that hold in the sample: conditional constants (where a segment column has one value, another
/// column always has one value that it mostly does not have elsewhere: <c>payment = cash ⇒ tip = 0</c>), order
/// constraints (a date or number never below another whose middle half overlaps it: dropoff never before pickup), sums (a
/// column equal to the sum of two or three others within a rounding tolerance) and one-to-one pairs (a code and its
/// label). Each holds in every sampled row where it applies, with at least <see cref="MinSupport"/> such rows, and
/// comes with the rule that checks it.
/// </summary>
public static class ColumnRelations
{
    /// <summary>Fewest sampled rows a rule must apply to.</summary>
    public const int MinSupport = 20;
    /// <summary>Most rules of each kind.</summary>
    public const int MaxPerKind = 5;
    /// <summary>Most numeric columns searched for sums.</summary>
    public const int MaxSumColumns = 12;

    /// <summary>The relations found, by kind (sums, orders, conditional constants, one-to-one), strongest support first.</summary>
    public static IReadOnlyList<ColumnRelation> Find(TableSample sample, ProfileReport profile)
    {
        if (sample.Rows < MinSupport) return [];
        var ids = profile.Columns.Where(c => c.SemanticType is "id" or "constant" or "empty" || (c.Kind == "numeric" && c.UniquePct >= 99.9 && c.Type.StartsWith("int", StringComparison.Ordinal)))
            .Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var columns = sample.Columns.Where(c => !ids.Contains(c.Name)).ToList();
        var sums = Sums(columns).ToList();
        var (segments, _) = ColumnRoles.Of(sample, profile);
        // Small integer codes (a party size, a cylinder count) are counts, not amounts: an order against an amount is chance.
        var codes = segments.Where(s => !s.Binned && sample.Find(s.Column) is { IsNumeric: true }).Select(s => s.Column).ToHashSet(StringComparer.Ordinal);
        var orders = Orders(columns.Where(c => !codes.Contains(c.Name)).ToList())
            .Where(o => !sums.Any(s => s.Columns[0] == o.Columns[0] && s.Columns.Skip(1).Contains(o.Columns[1]))); // a total is at least its parts
        return [.. sums, .. orders.Take(MaxPerKind), .. ConditionalConstants(sample, segments, columns), .. OneToOne(sample, profile, ids)];
    }

    private static IEnumerable<ColumnRelation> Sums(List<SampleColumn> columns)
    {
        var numbers = columns.Where(c => c.IsNumeric && NonZeroShare(c.Numbers!) >= 0.1).Take(MaxSumColumns).ToList();
        var found = new List<ColumnRelation>();
        foreach (var target in numbers)
        {
            var others = numbers.Where(c => c != target).ToList();
            ColumnRelation? best = null;
            for (int a = 0; a < others.Count && best is null; a++)
                for (int b = a + 1; b < others.Count && best is null; b++)
                    best = Sum(target, [others[a], others[b]]);
            for (int a = 0; a < others.Count && best is null; a++)
                for (int b = a + 1; b < others.Count && best is null; b++)
                    for (int d = b + 1; d < others.Count && best is null; d++)
                        best = Sum(target, [others[a], others[b], others[d]]);
            if (best is not null) found.Add(best);
        }
        return found.OrderByDescending(r => r.Support).Take(MaxPerKind);
    }

    private static ColumnRelation? Sum(SampleColumn target, SampleColumn[] terms)
    {
        // Each term and the total may each be rounded half a unit of the last printed digit (cents in money).
        double tolerance = 0.005 * (terms.Length + 1);
        long support = 0;
        var t = target.Numbers!;
        for (int i = 0; i < t.Length; i++)
        {
            if (!double.IsFinite(t[i])) continue;
            double sum = 0;
            bool complete = true;
            foreach (var term in terms)
            {
                double v = term.Numbers![i];
                if (!double.IsFinite(v)) { complete = false; break; }
                sum += v;
            }
            if (!complete) continue;
            if (Math.Abs(t[i] - sum) > tolerance + 1e-9 * Math.Abs(t[i])) return null;
            support++;
        }
        if (support < MinSupport) return null;
        string expression = string.Join(" + ", terms.Select(x => RuleExpressions.Column(x.Name)));
        var rule = Rules.For(target.Name).EqualsExpression(expression, tolerance).Named(RuleExpressions.Name(target.Name, "is_sum"));
        return new ColumnRelation("sum", [target.Name, .. terms.Select(x => x.Name)],
            $"{target.Name} = {string.Join(" + ", terms.Select(x => x.Name))} (within {tolerance:0.###})", support, 1, rule);
    }

    private static double NonZeroShare(double[] values)
    {
        long present = 0, nonZero = 0;
        foreach (var v in values) if (double.IsFinite(v)) { present++; if (v != 0) nonZero++; }
        return present == 0 ? 0 : (double)nonZero / present;
    }

    private static IEnumerable<ColumnRelation> Orders(List<SampleColumn> columns)
    {
        var found = new List<ColumnRelation>();
        var candidates = columns.Where(c => c.Numbers is not null).ToList();
        for (int i = 0; i < candidates.Count; i++)
            for (int j = 0; j < candidates.Count; j++)
            {
                var (low, high) = (candidates[i], candidates[j]);
                if (i == j || low.Kind != high.Kind || !Overlap(low.Numbers!, high.Numbers!)) continue;
                long support = 0, strict = 0;
                bool holds = true;
                for (int r = 0; r < low.Numbers!.Length && holds; r++)
                {
                    double a = low.Numbers[r], b = high.Numbers![r];
                    if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
                    if (a > b) holds = false;
                    support++;
                    if (a < b) strict++;
                }
                if (!holds || support < MinSupport || strict * 2 < support) continue;
                bool time = low.Kind == ColumnKind.DateTime;
                var rule = Rules.Expression(RuleExpressions.Name(high.Name, time ? "not_before" : "at_least", low.Name),
                    $"{RuleExpressions.Column(high.Name)} >= {RuleExpressions.Column(low.Name)}");
                found.Add(new ColumnRelation("order", [high.Name, low.Name],
                    time ? $"{high.Name} is never before {low.Name}" : $"{high.Name} is never below {low.Name}", support, 1, rule));
            }
        // Dates first (dropoff after pickup is the classic), then by support.
        return found.OrderByDescending(r => r.Statement.Contains(" before ", StringComparison.Ordinal)).ThenByDescending(r => r.Support)
            .ThenBy(r => r.Statement, StringComparer.Ordinal);
    }

    /// <summary>Whether the two columns' middle halves (25th to 75th percentile) overlap: an order between columns
    /// that live on different scales (a distance and a mass, a total and one small part) is true by chance of units.</summary>
    private static bool Overlap(double[] a, double[] b)
    {
        var (aLo, aHi) = MiddleHalf(a);
        var (bLo, bHi) = MiddleHalf(b);
        return Math.Max(aLo, bLo) < Math.Min(aHi, bHi);
    }

    private static (double Low, double High) MiddleHalf(double[] values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? (double.NaN, double.NaN) : (sorted[sorted.Length / 4], sorted[3 * (sorted.Length - 1) / 4]);
    }

    private static IEnumerable<ColumnRelation> ConditionalConstants(TableSample sample, List<Segment> segments, List<SampleColumn> columns)
    {
        var found = new List<ColumnRelation>();
        foreach (var segment in segments.Where(s => !s.Binned))
        {
            var when = sample.Find(segment.Column)!;
            foreach (var target in columns.Where(c => c.Name != segment.Column && c.Kind != ColumnKind.DateTime))
            {
                var perPair = new List<ColumnRelation>();
                for (int level = 0; level < segment.Levels.Count; level++)
                    if (Constant(segment, level, when, target) is { } relation) perPair.Add(relation);
                // Every level constant is a mapping (reported as one-to-one or by the segment findings), not a condition.
                if (perPair.Count < segment.Levels.Count) found.AddRange(perPair.OrderByDescending(r => r.Support).Take(2));
            }
        }
        return found.OrderByDescending(r => r.Support).ThenBy(r => r.Statement, StringComparer.Ordinal).Take(MaxPerKind);
    }

    private static ColumnRelation? Constant(Segment segment, int level, SampleColumn when, SampleColumn target)
    {
        string? value = null;
        long inside = 0, present = 0, outside = 0;
        for (int i = 0; i < segment.Codes.Length; i++)
        {
            if (segment.Codes[i] < 0) continue;
            var v = target.Label(i);
            if (segment.Codes[i] != level)
            {
                if (v is not null) outside++;
                continue;
            }
            inside++;
            if (v is null) continue;
            present++;
            if (value is null) value = v;
            else if (v != value) return null;
        }
        if (value is null || present < MinSupport || present < 0.95 * inside) return null;
        long outsideSame = 0;
        for (int i = 0; i < segment.Codes.Length; i++)
            if (segment.Codes[i] >= 0 && segment.Codes[i] != level && target.Label(i) == value) outsideSame++;
        if (outside == 0 || outsideSame * 2 >= outside) return null; // the value is the rule elsewhere too: nothing conditional
        string level1 = segment.Levels[level];
        string whenText = $"{RuleExpressions.Column(segment.Column)} = {RuleExpressions.Value(level1, when.IsNumeric, when.Kind == ColumnKind.Boolean)}";
        string thenText = $"{RuleExpressions.Column(target.Name)} = {RuleExpressions.Value(value, target.IsNumeric, target.Kind == ColumnKind.Boolean)}";
        var rule = Rules.Conditional(RuleExpressions.Name(target.Name, "when", segment.Column, level1), whenText, thenText);
        return new ColumnRelation("conditional_constant", [target.Name, segment.Column], $"{target.Name} is {value} whenever {segment.Column} = {level1}",
            present, 1, rule);
    }

    private static IEnumerable<ColumnRelation> OneToOne(TableSample sample, ProfileReport profile, HashSet<string> ids)
    {
        var found = new List<ColumnRelation>();
        foreach (var m in profile.OneToOne.Where(m => !ids.Contains(m.A) && !ids.Contains(m.B) && m.Distinct is >= 2 and <= ColumnRoles.MaxLevels))
        {
            if (sample.Find(m.A) is not { } a || sample.Find(m.B) is not { } b) continue;
            var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < sample.Rows; i++)
                if (a.Label(i) is { } x && b.Label(i) is { } y) pairs.TryAdd(x, y);
            if (pairs.Count != m.Distinct) continue;
            string cases = string.Join(" ", pairs.Select(p => $"when {RuleExpressions.Column(m.A)} = {RuleExpressions.Value(p.Key, a.IsNumeric, a.Kind == ColumnKind.Boolean)} then {RuleExpressions.Column(m.B)} = {RuleExpressions.Value(p.Value, b.IsNumeric, b.Kind == ColumnKind.Boolean)}"));
            var rule = Rules.Expression(RuleExpressions.Name(m.B, "matches", m.A), $"case {cases} else true end");
            long support = Enumerable.Range(0, sample.Rows).LongCount(i => a.Label(i) is not null && b.Label(i) is not null);
            found.Add(new ColumnRelation("one_to_one", [m.A, m.B],
                $"{m.A} and {m.B} map one to one ({string.Join(", ", pairs.Take(4).Select(p => $"{p.Key} ↔ {p.Value}"))}{(pairs.Count > 4 ? ", …" : "")})", support, 1, rule));
        }
        return found.Take(MaxPerKind);
    }
}
