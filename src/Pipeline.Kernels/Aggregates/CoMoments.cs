using System.Numerics;
using System.Runtime.InteropServices;

namespace Pipeline.Kernels.Aggregates;

/// <summary>Co-moments of two aligned columns (NaN or ±∞ in either marks the row as missing for the pair),
/// computed in two vectorised passes: masked sums give the means, then masked deviation products give M2 and C.</summary>
/// <remarks>Two passes over a batch that sits in cache cost less than one Welford pass, which needs a division per
/// value and cannot be vectorised. The batch result is then merged into a running state with Chan's formula.</remarks>
public static class CoMoments
{
    /// <summary>The co-moments of <paramref name="x"/> and <paramref name="y"/> (same length) over the rows where both are finite.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static CoMomentState Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"Columns differ in length ({x.Length} and {y.Length}).", nameof(y));
        int n = x.Length;
        int vectorEnd = Vector.IsHardwareAccelerated ? n - n % Vector<double>.Count : 0;
        var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..vectorEnd]);
        var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..vectorEnd]);

        // Pass 1: count and sums over rows where both are finite (v - v is 0 only for finite v).
        var count = Vector<long>.Zero;
        Vector<double> sumX = Vector<double>.Zero, sumY = Vector<double>.Zero;
        for (int i = 0; i < vx.Length; i++)
        {
            var mask = BothFinite(vx[i], vy[i]);
            count -= mask; // a true lane is all ones, i.e. -1
            sumX += Vector.ConditionalSelect(mask, vx[i], Vector<double>.Zero);
            sumY += Vector.ConditionalSelect(mask, vy[i], Vector<double>.Zero);
        }
        long total = Vector.Sum(count);
        double sx = Vector.Sum(sumX), sy = Vector.Sum(sumY);
        for (int i = vectorEnd; i < n; i++)
            if (double.IsFinite(x[i]) && double.IsFinite(y[i])) { total++; sx += x[i]; sy += y[i]; }
        if (total == 0) return default;
        double meanX = sx / total, meanY = sy / total;

        // Pass 2: deviation products about the batch means.
        var mx = new Vector<double>(meanX);
        var my = new Vector<double>(meanY);
        Vector<double> m2x = Vector<double>.Zero, m2y = Vector<double>.Zero, c = Vector<double>.Zero;
        for (int i = 0; i < vx.Length; i++)
        {
            var mask = BothFinite(vx[i], vy[i]);
            var dx = Vector.ConditionalSelect(mask, vx[i] - mx, Vector<double>.Zero);
            var dy = Vector.ConditionalSelect(mask, vy[i] - my, Vector<double>.Zero);
            m2x += dx * dx;
            m2y += dy * dy;
            c += dx * dy;
        }
        double rx = Vector.Sum(m2x), ry = Vector.Sum(m2y), rc = Vector.Sum(c);
        for (int i = vectorEnd; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            double dx = x[i] - meanX, dy = y[i] - meanY;
            rx += dx * dx; ry += dy * dy; rc += dx * dy;
        }
        return new CoMomentState { N = total, MeanX = meanX, MeanY = meanY, M2X = rx, M2Y = ry, C = rc };
    }

    private static Vector<long> BothFinite(Vector<double> x, Vector<double> y) =>
        Vector.Equals(x - x, Vector<double>.Zero) & Vector.Equals(y - y, Vector<double>.Zero);
}
