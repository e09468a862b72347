namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Co-moments of one pair of numeric columns over the rows where both are present: n, means, M2 of each and the
/// co-moment C. Merged with Chan's pairwise formulas, so partitions combine exactly (up to floating-point rounding).
/// </summary>
internal struct PearsonState
{
    public long N;
    public double MeanX, MeanY, M2X, M2Y, C;

    public void Add(double x, double y)
    {
        N++;
        double dx = x - MeanX;
        MeanX += dx / N;
        double dy = y - MeanY;
        MeanY += dy / N;
        M2X += dx * (x - MeanX);
        M2Y += dy * (y - MeanY);
        C += dx * (y - MeanY);
    }

    public void Merge(in PearsonState o)
    {
        if (o.N == 0) return;
        if (N == 0) { this = o; return; }
        long n = N + o.N;
        double dx = o.MeanX - MeanX, dy = o.MeanY - MeanY;
        double f = (double)N * o.N / n;
        C += o.C + dx * dy * f;
        M2X += o.M2X + dx * dx * f;
        M2Y += o.M2Y + dy * dy * f;
        MeanX += dx * o.N / n;
        MeanY += dy * o.N / n;
        N = n;
    }

    /// <summary>The correlation, or NaN when either column is constant over the shared rows (no division by zero).</summary>
    public readonly double Value => N < 2 || M2X <= 0 || M2Y <= 0 ? double.NaN : Math.Clamp(C / Math.Sqrt(M2X * M2Y), -1, 1);
}
