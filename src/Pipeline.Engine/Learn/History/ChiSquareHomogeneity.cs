using MathNet.Numerics.Distributions;
using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// Pearson's chi-square test that two runs share one category mix: a 2 × k table of counts over the values in either
/// run's top values plus "other" (counts of a value missing from one run's top list are 0 there), its p-value from the
/// χ² distribution with k − 1 degrees of freedom, and Cramér's V = √(χ² / N) as the size of the change (the p-value
/// alone calls any change significant once loads are large).
/// </summary>
public static class ChiSquareHomogeneity
{
    /// <summary>The statistic, its p-value and Cramér's V; null when the test has fewer than two categories with rows.</summary>
    public static (double Statistic, double PValue, double CramersV)? Compute(ColumnMetrics baseline, ColumnMetrics current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        long n1 = baseline.Rows - baseline.Nulls, n2 = current.Rows - current.Nulls;
        if (n1 <= 0 || n2 <= 0) return null;
        var keys = baseline.TopValues.Select(t => t.Value).Union(current.TopValues.Select(t => t.Value), StringComparer.Ordinal).ToList();
        var a = JensenShannon.CategoryCounts(baseline, keys, n1);
        var b = JensenShannon.CategoryCounts(current, keys, n2);
        double total = n1 + n2, statistic = 0;
        int categories = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double column = a[i] + b[i];
            if (column <= 0) continue;
            categories++;
            double e1 = column * n1 / total, e2 = column * n2 / total;
            statistic += (a[i] - e1) * (a[i] - e1) / e1 + (b[i] - e2) * (b[i] - e2) / e2;
        }
        if (categories < 2) return null;
        double p = 1 - ChiSquared.CDF(categories - 1, statistic);
        return (statistic, Math.Clamp(p, 0, 1), Math.Sqrt(statistic / total));
    }
}
