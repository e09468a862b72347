namespace Pipeline.Kernels.Tests.Aggregates;

/// <summary>Scalar two-pass reference: exact-as-possible moments and pandas' skew / kurt formulas written out
/// from their definitions (g1, G1 and the Fisher excess-kurtosis estimator).</summary>
internal sealed record MomentReference(long N, double Mean, double M2, double M3, double M4, double Sum, double Min, double Max)
{
    public static MomentReference Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new(0, 0, 0, 0, 0, 0, double.PositiveInfinity, double.NegativeInfinity);
        double sum = 0;
        foreach (double v in finite) sum += v;
        double mean = sum / finite.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (double v in finite)
        {
            double d = v - mean;
            m2 += d * d; m3 += d * d * d; m4 += d * d * d * d;
        }
        return new(finite.Length, mean, m2, m3, m4, sum, finite.Min(), finite.Max());
    }

    public double Variance => N < 2 ? double.NaN : M2 / (N - 1);

    /// <summary>G1 = g1 · √(n(n-1)) / (n-2) with g1 = m3 / m2^1.5 over population moments.</summary>
    public double Skewness
    {
        get
        {
            if (N < 3 || M2 == 0) return double.NaN;
            double n = N, pm2 = M2 / n, pm3 = M3 / n;
            return pm3 / Math.Pow(pm2, 1.5) * Math.Sqrt(n * (n - 1)) / (n - 2);
        }
    }

    /// <summary>G2 = ((n+1)·g2 + 6) · (n-1) / ((n-2)(n-3)) with g2 = m4 / m2² - 3 over population moments.</summary>
    public double Kurtosis
    {
        get
        {
            if (N < 4 || M2 == 0) return double.NaN;
            double n = N, pm2 = M2 / n, pm4 = M4 / n;
            double g2 = pm4 / (pm2 * pm2) - 3;
            return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
        }
    }
}
