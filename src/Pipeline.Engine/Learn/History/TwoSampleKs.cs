using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test between two runs of a numeric column, from their stored quantiles: D is the
/// largest gap between the two distribution functions (both piecewise linear through min, p01 … p99, max, so the
/// largest gap is at one of their knots), and the p-value is Kolmogorov's asymptotic distribution at
/// (√nₑ + 0.12 + 0.11/√nₑ)·D with nₑ = n₁n₂/(n₁+n₂) (Stephens' correction).
/// </summary>
public static class TwoSampleKs
{
    /// <summary>D and its p-value; null when either column lacks quantiles or values.</summary>
    public static (double D, double PValue)? Compute(ColumnMetrics baseline, ColumnMetrics current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        long n1 = baseline.Rows - baseline.Nulls, n2 = current.Rows - current.Nulls;
        if (n1 <= 0 || n2 <= 0 || QuantileCdf.Of(baseline) is not { } a || QuantileCdf.Of(current) is not { } b) return null;
        double d = 0;
        foreach (var x in a.Knots.Concat(b.Knots))
        {
            d = Math.Max(d, Math.Abs(a.At(x) - b.At(x)));
            // Just below a knot too: a tie jumps there.
            double below = Math.BitDecrement(x);
            d = Math.Max(d, Math.Abs(a.At(below) - b.At(below)));
        }
        double ne = (double)n1 * n2 / (n1 + n2);
        double lambda = (Math.Sqrt(ne) + 0.12 + 0.11 / Math.Sqrt(ne)) * d;
        return (d, Survival(lambda));
    }

    /// <summary>Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), the probability of a larger D by chance.</summary>
    internal static double Survival(double lambda)
    {
        if (lambda < 0.2) return 1;
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-12) break;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }
}
