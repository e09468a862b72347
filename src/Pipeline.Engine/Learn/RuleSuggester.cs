using System.Globalization;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Clean;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Learn;

/// <summary>A suggested rule and why it was suggested.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Why">The profile fact behind it.</param>
public sealed record SuggestedRule(Rule Rule, string Why);

/// <summary>
/// Deequ-style rule suggestions from a profile: complete columns → <c>not_null</c>; exactly unique columns →
/// <c>unique</c>, near-unique → <c>unique_ratio_between</c>; few distinct text values (at most
/// <see cref="MaxSetSize"/>, at most 10% of the rows) → <c>in_set</c>; numbers never negative → <c>non_negative</c>;
/// numeric ranges widened by <see cref="Margin"/> of the range on each side → <c>between</c>; e-mail, URL, UUID,
/// IP and phone columns → <c>shape</c>; dates in text → <c>format</c>; dates never in the future → <c>not_future</c>.
/// </summary>
public static class RuleSuggester
{
    /// <summary>Largest value set suggested as <c>in_set</c>.</summary>
    public const int MaxSetSize = 20;
    /// <summary>Fraction of the observed range added on each side of a suggested <c>between</c>.</summary>
    public const double Margin = 0.1;

    /// <summary>The suggestions for every column, in column order.</summary>
    public static IReadOnlyList<SuggestedRule> Suggest(ProfileReport profile)
    {
        var list = new List<SuggestedRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in profile.Columns)
        {
            // Rules name their column, so a second column of the same name could not be told apart: skip it.
            if (!seen.Add(c.Name)) continue;
            long nonNull = c.Count; // the profile's count is already the non-null values
            if (c.Count == 0 || nonNull == 0) continue;
            var on = Rules.For(c.Name);
            if (c.NullCount == 0) list.Add(new(on.NotNull(), $"no nulls in {c.Count} rows"));
            if (c.Kind is "numeric" or "string" or "datetime")
            {
                if (c.DistinctExact && c.DistinctCount == nonNull && nonNull > 1) list.Add(new(on.Unique(), $"all {nonNull} values distinct"));
                else if (c.DistinctCount >= 0.9 * nonNull && nonNull > 10)
                {
                    double ratio = (double)c.DistinctCount / nonNull;
                    // An estimated distinct count can exceed the values counted: the ratio never does.
                    double low = Math.Clamp(Math.Floor((ratio - 0.05) * 100) / 100, 0, 1);
                    list.Add(new(on.UniqueRatioBetween(low, 1), $"near-unique: {c.DistinctCount} distinct of {nonNull}"));
                }
            }
            if (c.Kind == "numeric" && ToDouble(c.Min) is { } min && ToDouble(c.Max) is { } max)
            {
                if (min >= 0) list.Add(new(on.NonNegative(), $"min {F(min)}"));
                double pad = max > min ? (max - min) * Margin : Math.Max(1, Math.Abs(max) * Margin);
                double lo = min - pad, hi = max + pad;
                if (min >= 0 && lo < 0) lo = 0;
                bool integral = c.Type.Contains("int", StringComparison.Ordinal);
                if (integral) { lo = Math.Floor(lo); hi = Math.Ceiling(hi); }
                else { lo = Round(lo); hi = Round(hi); }
                list.Add(new(on.Between(lo, hi), $"observed [{F(min)}, {F(max)}], widened by {Margin:P0} of the range"));
            }
            if (c.Kind == "string")
            {
                if (c.TopValuesExact && c.TopValues.Count == c.DistinctCount && c.DistinctCount <= MaxSetSize && c.DistinctCount <= 0.1 * nonNull)
                    list.Add(new(on.InSet([.. c.TopValues.Select(v => v.Value).Order(StringComparer.Ordinal)]), $"{c.DistinctCount} distinct values"));
                if (c.SemanticType is "email" or "url" or "uuid" or "ip" or "ipv4" or "ipv6" or "phone")
                    list.Add(new(on.Shape(c.SemanticType.StartsWith("ip", StringComparison.Ordinal) ? "ip" : c.SemanticType), $"values look like {c.SemanticType}"));
                if (c.SemanticType == "date_in_string" && ValueParsing.DetectDateFormat([.. c.TopValues.Select(v => v.Value)]) is { } format)
                    list.Add(new(on.Format(format), $"dates in text, format {format}"));
            }
            if (c.Datetime is { FutureCount: 0 }) list.Add(new(on.NotFuture(), "no values in the future"));
        }
        return list;
    }

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetDouble(),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static double Round(double d)
    {
        if (d == 0 || double.IsInfinity(d)) return d;
        // Four significant digits keep bounds readable; the margin leaves room for the rounding.
        int digits = Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(d))), 0, 15);
        return Math.Round(d, digits);
    }

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
