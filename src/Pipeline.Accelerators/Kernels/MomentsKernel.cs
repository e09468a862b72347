using ILGPU;
using ILGPU.Runtime;

namespace Pipeline.Accelerators.Kernels;

/// <summary>Per-thread moments: each thread folds its grid-stride share with Pébay's online update and writes one
/// partial state; the host merges the partials in thread order (deterministic for a fixed thread count).</summary>
/// <remarks>Partials are laid out as <see cref="Stride"/> doubles per thread: count, mean, M2, M3, M4, sum, min, max,
/// zeros, negatives, +∞, -∞, NaN (counts stored as doubles, exact below 2^53).</remarks>
internal static class MomentsKernel
{
    /// <summary>Doubles per partial state.</summary>
    public const int Stride = 13;

    public static void Run(Index1D index, ArrayView<double> values, ArrayView<double> partials, int threads)
    {
        long n = values.Length;
        double count = 0, mean = 0, m2 = 0, m3 = 0, m4 = 0, sum = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        double zeros = 0, negatives = 0, posInf = 0, negInf = 0, nan = 0;
        for (long i = (int)index; i < n; i += threads)
        {
            double v = values[i];
            if (double.IsNaN(v)) { nan++; continue; }
            if (v == double.PositiveInfinity) { posInf++; continue; }
            if (v == double.NegativeInfinity) { negInf++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
            if (v == 0) zeros++;
            else if (v < 0) negatives++;
            sum += v;
            double n1 = count;
            count++;
            double delta = v - mean;
            double deltaN = delta / count;
            double deltaN2 = deltaN * deltaN;
            double term1 = delta * deltaN * n1;
            mean += deltaN;
            m4 += term1 * deltaN2 * (count * count - 3.0 * count + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3;
            m3 += term1 * deltaN * (count - 2) - 3 * deltaN * m2;
            m2 += term1;
        }
        long o = (long)(int)index * Stride;
        partials[o] = count; partials[o + 1] = mean; partials[o + 2] = m2; partials[o + 3] = m3; partials[o + 4] = m4;
        partials[o + 5] = sum; partials[o + 6] = min; partials[o + 7] = max; partials[o + 8] = zeros;
        partials[o + 9] = negatives; partials[o + 10] = posInf; partials[o + 11] = negInf; partials[o + 12] = nan;
    }
}
