namespace Pipeline.Engine.Analyze.Stats;

/// <summary>Confidence intervals for a proportion and for a mean.</summary>
public static class RateInterval
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The Wilson score interval (95%) of <paramref name="successes"/> out of <paramref name="n"/>: unlike the
    /// normal approximation it stays inside [0, 1] and is honest for small groups and rates near 0 or 1.</summary>
    public static (double Low, double High) Wilson(long successes, long n)
    {
        if (n <= 0) return (double.NaN, double.NaN);
        double p = (double)successes / n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The 95% t interval of a mean from its sample variance and count.</summary>
    public static (double Low, double High) Mean(double mean, double variance, long n)
    {
        if (n < 2 || !double.IsFinite(variance)) return (double.NaN, double.NaN);
        double half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - 1, 0.975) * Math.Sqrt(variance / n);
        return (mean - half, mean + half);
    }
}
