namespace Pipeline.Engine.Analyze.Stats;

/// <summary>Benjamini–Hochberg adjustment: among many tests, the q-values keep the expected share of false
/// discoveries among those reported below the chosen level (5% at q ≤ 0.05), where a plain p ≤ 0.05 over a hundred
/// column pairs would report about five chance patterns.</summary>
public static class FalseDiscovery
{
    /// <summary>The q-value of each p-value (same order).</summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        int m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var q = new double[m];
        double running = 1;
        for (int r = m - 1; r >= 0; r--)
        {
            int i = order[r];
            running = Math.Min(running, p[i] * m / (r + 1));
            q[i] = Math.Min(1, running);
        }
        return q;
    }
}
