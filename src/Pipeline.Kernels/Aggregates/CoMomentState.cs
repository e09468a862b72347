namespace Pipeline.Kernels.Aggregates;

/// <summary>
/// Co-moments of one pair of numeric columns over the rows where both are finite: n, the two means, each column's
/// M2 and the co-moment C = Σ(x - x̄)(y - ȳ). Merged with Chan's pairwise formulas, so batches, threads, GPU blocks
/// and partitions combine to the single-pass result up to floating-point rounding.
/// </summary>
public struct CoMomentState
{
    /// <summary>Rows where both values are finite.</summary>
    public long N;
    /// <summary>Mean of x over those rows.</summary>
    public double MeanX;
    /// <summary>Mean of y over those rows.</summary>
    public double MeanY;
    /// <summary>Σ(x - x̄)².</summary>
    public double M2X;
    /// <summary>Σ(y - ȳ)².</summary>
    public double M2Y;
    /// <summary>Σ(x - x̄)(y - ȳ).</summary>
    public double C;

    /// <summary>Folds one pair (Welford's update); the caller has checked both are finite.</summary>
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

    /// <summary>Combines another state into this one.</summary>
    public void Merge(in CoMomentState other)
    {
        CoMomentState o = other; // `other` may alias this state
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

    /// <summary>Pearson's r, or NaN when either column is constant over the shared rows (no division by zero).</summary>
    public readonly double Correlation => N < 2 || M2X <= 0 || M2Y <= 0 ? double.NaN : Math.Clamp(C / Math.Sqrt(M2X * M2Y), -1, 1);
}
