namespace Pipeline.Engine.Analyze.Series;

/// <summary>
/// Points far from what the series usually does: the residual after removing the repeating pattern (the mean of each
/// phase of the period, when there is one) and the median, scaled by the median absolute deviation (1.4826 × MAD, the
/// robust standard deviation); a point is a spike when |z| exceeds <see cref="Threshold"/>.
/// </summary>
public static class Spikes
{
    /// <summary>Robust z-score above which a point is flagged.</summary>
    public const double Threshold = 5;
    /// <summary>Smallest departure, as a share of the 1st–99th percentile spread, for a point to be flagged.</summary>
    public const double MinShareOfSpread = 0.25;

    /// <summary>Indices of the flagged points (observed points only) with their z-scores.</summary>
    public static IReadOnlyList<(int Index, double Z)> Find(double[] values, bool[] observed, int? period)
    {
        int n = values.Length;
        // Noise on a smooth pattern can have a tiny MAD; a spike must also be large against the series' spread.
        var sortedValues = values.Where(double.IsFinite).Order().ToArray();
        if (sortedValues.Length == 0) return [];
        double spread = sortedValues[(int)(0.99 * (sortedValues.Length - 1))] - sortedValues[(int)(0.01 * (sortedValues.Length - 1))];
        var residual = (double[])values.Clone();
        if (period is { } p && p > 1)
        {
            var phaseMedian = new double[p];
            for (int phase = 0; phase < p; phase++)
            {
                var members = new List<double>();
                for (int i = phase; i < n; i += p) members.Add(values[i]);
                phaseMedian[phase] = Median(members);
            }
            for (int i = 0; i < n; i++) residual[i] = values[i] - phaseMedian[i % p];
        }
        double median = Median(residual);
        double mad = Median(residual.Select(r => Math.Abs(r - median)).ToList());
        double scale = 1.4826 * mad;
        if (scale <= 0)
        {
            double mean = residual.Average();
            scale = Math.Sqrt(residual.Sum(r => (r - mean) * (r - mean)) / Math.Max(1, n - 1));
        }
        if (scale <= 0) return [];
        var flagged = new List<(int, double)>();
        for (int i = 0; i < n; i++)
        {
            if (!observed[i]) continue;
            double z = (residual[i] - median) / scale;
            if (Math.Abs(z) > Threshold && Math.Abs(residual[i] - median) > MinShareOfSpread * spread) flagged.Add((i, z));
        }
        return flagged;
    }

    private static double Median(IEnumerable<double> source)
    {
        var sorted = source.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return 0;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
