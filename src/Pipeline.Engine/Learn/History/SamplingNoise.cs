namespace Pipeline.Engine.Learn.History;

/// <summary>
/// How far two samples of the same distribution drift apart by chance, so small runs do not raise drift on noise:
/// over k bins, n·PSI and 8·ln 2·n·JSD both follow about a χ² with k − 1 degrees of freedom, where
/// 1/n = 1/n₁ + 1/n₂. A threshold is raised to the 99.9th percentile of that when the default is lower.
/// </summary>
public static class SamplingNoise
{
    // The 99.9th percentile of the standard normal.
    private const double Z999 = 3.090232;

    /// <summary>PSI that samples of <paramref name="n1"/> and <paramref name="n2"/> values exceed by chance once in a thousand.</summary>
    public static double Psi(int bins, long n1, long n2) => ChiSquare999(bins - 1) * (1.0 / n1 + 1.0 / n2);

    /// <summary>The Jensen–Shannon distance (base 2) exceeded by chance once in a thousand.</summary>
    public static double JsDistance(int categories, long n1, long n2)
        => Math.Sqrt(ChiSquare999(categories - 1) * (1.0 / n1 + 1.0 / n2) / (8 * Math.Log(2)));

    /// <summary>The 99.9th percentile of χ² with <paramref name="df"/> degrees of freedom (Wilson–Hilferty).</summary>
    public static double ChiSquare999(int df)
    {
        if (df < 1) return 0;
        double a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + Z999 * Math.Sqrt(a), 3);
    }
}
