namespace Pipeline.Engine.Analyze.Series;

/// <summary>Least-squares line through a series against its index: slope, intercept and R².</summary>
public static class Trend
{
    /// <summary>The fitted line (slope per step) and the share of variance it explains.</summary>
    public static (double Slope, double Intercept, double RSquared) Fit(double[] values)
    {
        int n = values.Length;
        double meanX = (n - 1) / 2.0, meanY = values.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = i - meanX, dy = values[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0) return (0, meanY, 0);
        double slope = sxy / sxx;
        return (slope, meanY - slope * meanX, syy == 0 ? 0 : sxy * sxy / (sxx * syy));
    }

    /// <summary>The series minus its fitted line.</summary>
    public static double[] Residuals(double[] values)
    {
        var (slope, intercept, _) = Fit(values);
        return values.Select((v, i) => v - (intercept + slope * i)).ToArray();
    }
}
