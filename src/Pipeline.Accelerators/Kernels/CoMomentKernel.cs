using ILGPU;
using ILGPU.Runtime;

namespace Pipeline.Accelerators.Kernels;

/// <summary>Co-moment matrix: launch index = pair × threadsPerPair + t; thread t of a pair folds rows t,
/// t + threadsPerPair, ... where both values are finite (Welford) and writes one partial state. The host merges each
/// pair's partials in thread order with Chan's formula.</summary>
/// <remarks>Columns are one column-major matrix (column c at c × rows). Partials are <see cref="Stride"/> doubles:
/// n, mean x, mean y, M2 x, M2 y, C.</remarks>
internal static class CoMomentKernel
{
    /// <summary>Doubles per partial state.</summary>
    public const int Stride = 6;

    public static void Run(Index1D index, ArrayView<double> matrix, ArrayView<int> pairA, ArrayView<int> pairB,
        ArrayView<double> partials, int rows, int threadsPerPair)
    {
        int pair = index / threadsPerPair;
        int t = index - pair * threadsPerPair;
        if (pair >= pairA.Length) return;
        long xOffset = (long)pairA[pair] * rows, yOffset = (long)pairB[pair] * rows;
        double n = 0, meanX = 0, meanY = 0, m2x = 0, m2y = 0, c = 0;
        for (int i = t; i < rows; i += threadsPerPair)
        {
            double x = matrix[xOffset + i], y = matrix[yOffset + i];
            // x - x is 0 only for finite x: NaN and ±∞ give NaN, which fails the comparison.
            if (!(x - x == 0) || !(y - y == 0)) continue;
            n++;
            double dx = x - meanX;
            meanX += dx / n;
            double dy = y - meanY;
            meanY += dy / n;
            m2x += dx * (x - meanX);
            m2y += dy * (y - meanY);
            c += dx * (y - meanY);
        }
        long o = (long)(int)index * Stride;
        partials[o] = n; partials[o + 1] = meanX; partials[o + 2] = meanY;
        partials[o + 3] = m2x; partials[o + 4] = m2y; partials[o + 5] = c;
    }
}
