using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// The Jensen–Shannon distance (base 2, from 0 to 1) between two runs' category mixes: the shares of the values in
/// either run's top values, plus one "other" share for the rest of the non-null rows. A value in one run's top list but
/// not the other's counts as 0 there (its rows are in that run's "other").
/// </summary>
public static class JensenShannon
{
    /// <summary>The distance and the number of categories (other included); null when either run has no non-null values.</summary>
    public static (double Distance, int Categories)? Distance(ColumnMetrics baseline, ColumnMetrics current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        long nb = baseline.Rows - baseline.Nulls, nc = current.Rows - current.Nulls;
        if (nb <= 0 || nc <= 0 || (baseline.TopValues.Count == 0 && current.TopValues.Count == 0)) return null;
        var keys = baseline.TopValues.Select(t => t.Value).Union(current.TopValues.Select(t => t.Value), StringComparer.Ordinal).ToList();
        var p = Shares(baseline, keys, nb);
        var q = Shares(current, keys, nc);
        double divergence = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) divergence += 0.5 * p[i] * Math.Log2(p[i] / m);
            if (q[i] > 0) divergence += 0.5 * q[i] * Math.Log2(q[i] / m);
        }
        return (Math.Sqrt(Math.Clamp(divergence, 0, 1)), p.Length);
    }

    private static double[] Shares(ColumnMetrics column, List<string> keys, long nonNull)
        => [.. CategoryCounts(column, keys, nonNull).Select(c => c / nonNull)];

    /// <summary>The counts of <paramref name="keys"/> in a run's top values (0 where a key is not among them), then one
    /// "other" count for the rest of its <paramref name="nonNull"/> values; shared by the distance and the chi-square test.</summary>
    internal static double[] CategoryCounts(ColumnMetrics column, List<string> keys, long nonNull)
    {
        var byValue = column.TopValues.GroupBy(t => t.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Sum(t => t.Count), StringComparer.Ordinal);
        var counts = new double[keys.Count + 1];
        for (int i = 0; i < keys.Count; i++) counts[i] = byValue.TryGetValue(keys[i], out var c) ? c : 0;
        // Estimated top counts may overshoot slightly: other is never negative.
        counts[^1] = Math.Max(0, nonNull - counts[..^1].Sum());
        return counts;
    }
}
