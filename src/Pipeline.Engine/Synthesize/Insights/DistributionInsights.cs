using Pipeline.Engine.Analyze.Profile;
using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Shape findings for numeric columns: strong skew, and extreme values far outside the interquartile range.</summary>
internal static class DistributionInsights
{
    /// <summary>|skewness| from which a column is called skewed (pandas' convention is that above 1 is highly skewed;
    /// 2 keeps the report to the columns where the mean really misleads).</summary>
    public const double SkewThreshold = 2;
    /// <summary>Interquartile ranges beyond the quartile from which a value is called extreme.</summary>
    public const double FenceIqrs = 5;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var c in inputs.Profile.Columns)
        {
            if (c.Kind != "numeric" || c.Count < 20 || c.SemanticType is "id") continue;
            if (c.Skewness is { } skew && Math.Abs(skew) >= SkewThreshold)
            {
                string side = skew > 0 ? "right" : "left";
                double median = Quantile(c, "p50");
                yield return new Insight("skewed", $"{c.Name} is heavily {side}-skewed (skewness {Num(skew, 1)}; median {Num(median)}, mean {Num(c.Mean ?? double.NaN)}, max {Num(ToDouble(c.Max))})",
                    Math.Min(72, 35 + Math.Abs(skew) * 1.5), InsightSeverity.Info, [c.Name],
                    Evidence.Of(("skewness", skew), ("median", median), ("mean", c.Mean ?? double.NaN), ("max", ToDouble(c.Max))), 0.95,
                    $"Summarise {c.Name} with the median and percentiles, not the mean; use a log scale in charts.") { Sources = ["profile"] };
            }
            if (Extreme(c) is { } extreme) yield return extreme;
        }
    }

    private static Insight? Extreme(ColumnProfile c)
    {
        double p25 = Quantile(c, "p25"), p75 = Quantile(c, "p75"), max = ToDouble(c.Max), min = ToDouble(c.Min);
        double iqr = p75 - p25;
        if (!double.IsFinite(iqr) || iqr <= 0) return null;
        double high = (max - p75) / iqr, low = (p25 - min) / iqr;
        if (Math.Max(high, low) < FenceIqrs) return null;
        bool top = high >= low;
        double value = top ? max : min;
        double distance = top ? high : low;
        return new Insight("outliers", $"{c.Name} has extreme values: {(top ? "max" : "min")} {Num(value)} is {Num(distance, 1)} interquartile ranges {(top ? "above the upper" : "below the lower")} quartile",
            Math.Min(62, 38 + distance / 2), InsightSeverity.Low, [c.Name],
            Evidence.Of(("value", value), ("p25", p25), ("p75", p75), ("iqr_distance", distance)), 0.9,
            $"Check the extreme rows of {c.Name} for entry errors; add a rule `{{column: {c.Name}, between: [{Plain(LowerFence(c, p25, iqr))}, {Plain(p75 + FenceIqrs * iqr)}], severity: warn}}`.")
        { Sources = ["profile"] };
    }

    /// <summary>The rule's lower bound: the fence, but never below 0 for a column with no negative value (a negative
    /// bound on a count or a price reads as if negatives were fine).</summary>
    private static double LowerFence(ColumnProfile c, double p25, double iqr)
    {
        double fence = p25 - FenceIqrs * iqr;
        return c.Negatives is 0 && ToDouble(c.Min) >= 0 ? Math.Max(0, fence) : fence;
    }

    internal static double Quantile(ColumnProfile c, string name) => c.Quantiles?.GetValueOrDefault(name) is { } v ? ToDouble(v) : double.NaN;

    internal static double ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetDouble(),
        _ => double.NaN,
    };
}
