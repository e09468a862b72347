namespace Pipeline.Engine.Analyze.Stats;

/// <summary>Pearson's chi-square test of independence on a contingency table, with Cramér's V as its effect size
/// (|φ| for a 2×2 table, the two-proportion z test squared).</summary>
public static class IndependenceTest
{
    /// <summary>The statistic, its degrees of freedom, the p-value and Cramér's V of <paramref name="counts"/>
    /// (rows × columns; empty rows and columns ignored). NaN when fewer than two rows or columns have counts.</summary>
    public static (double ChiSquare, int Df, double P, double CramersV) Of(long[,] counts)
    {
        int r = counts.GetLength(0), c = counts.GetLength(1);
        var rowSums = new double[r];
        var colSums = new double[c];
        double n = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) { rowSums[i] += counts[i, j]; colSums[j] += counts[i, j]; n += counts[i, j]; }
        int rows = rowSums.Count(x => x > 0), cols = colSums.Count(x => x > 0);
        if (rows < 2 || cols < 2) return (double.NaN, 0, double.NaN, double.NaN);
        double chi = 0;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                if (rowSums[i] == 0 || colSums[j] == 0) continue;
                double expected = rowSums[i] * colSums[j] / n;
                chi += (counts[i, j] - expected) * (counts[i, j] - expected) / expected;
            }
        int df = (rows - 1) * (cols - 1);
        double p = UpperTail(df, chi);
        double v = Math.Sqrt(chi / (n * Math.Min(rows - 1, cols - 1)));
        return (chi, df, p, Math.Min(1, v));
    }

    /// <summary>P(χ²_df ≥ x), from the regularised upper gamma function, so tails far below 1 − CDF's resolution in
    /// doubles keep their size (their order decides the Benjamini–Hochberg ranking).</summary>
    public static double UpperTail(int df, double x)
        => x <= 0 ? 1 : MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2);
}
