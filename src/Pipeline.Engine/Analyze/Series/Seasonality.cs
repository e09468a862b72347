namespace Pipeline.Engine.Analyze.Series;

/// <summary>
/// Finds the period of a repeating pattern from the autocorrelation function (ACF) of the linearly detrended series:
/// after the ACF first drops below zero, the highest peak is the candidate, and the shortest lag whose ACF is within
/// 10% of it is the period (so a daily pattern is not reported as two days). Needs at least two full cycles.
/// </summary>
public static class Seasonality
{
    /// <summary>Smallest autocorrelation at the period to report a pattern.</summary>
    public const double MinAutocorrelation = 0.3;
    /// <summary>Longest period looked for, in grid steps (bounds the work at n × 4,096 multiply-adds).</summary>
    public const int MaxLag = 4096;

    /// <summary>The period in grid steps and its autocorrelation, or null when there is none (or the series is constant).</summary>
    public static (int Lag, double Autocorrelation)? Find(double[] values)
    {
        int n = values.Length;
        if (n < 16) return null;
        var x = Trend.Residuals(values);
        double variance = 0;
        foreach (var v in x) variance += v * v;
        if (variance <= 1e-12 * n) return null;
        int maxLag = Math.Min(n / 2, MaxLag);
        var acf = new double[maxLag + 1];
        for (int lag = 1; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int i = lag; i < n; i++) sum += x[i] * x[i - lag];
            acf[lag] = sum / variance;
        }
        int start = 1;
        while (start <= maxLag && acf[start] >= 0) start++;
        if (start > maxLag) return null;
        int best = -1;
        for (int lag = start; lag <= maxLag; lag++)
            if (best < 0 || acf[lag] > acf[best]) best = lag;
        if (best < 2 || acf[best] < MinAutocorrelation) return null;
        for (int lag = start; lag < best; lag++)
            if (acf[lag] >= 0.9 * acf[best] && IsPeak(acf, lag)) return Refine(acf, lag);
        return (best, acf[best]);
    }

    /// <summary>Noise makes small local peaks on a broad ACF peak: take the highest lag within 10% of the candidate.</summary>
    private static (int Lag, double Autocorrelation) Refine(double[] acf, int lag)
    {
        int best = lag;
        for (int l = Math.Max(2, lag - lag / 10); l <= Math.Min(acf.Length - 1, lag + lag / 10); l++)
            if (acf[l] > acf[best]) best = l;
        return (best, acf[best]);
    }

    private static bool IsPeak(double[] acf, int lag) => acf[lag] >= acf[lag - 1] && (lag + 1 >= acf.Length || acf[lag] >= acf[lag + 1]);
}
