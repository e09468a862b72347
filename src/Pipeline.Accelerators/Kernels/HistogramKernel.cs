using ILGPU;
using ILGPU.Runtime;

namespace Pipeline.Accelerators.Kernels;

/// <summary>Equal-width histogram with a grid-stride loop and atomic bin increments.</summary>
/// <remarks>Bins follow <see cref="Pipeline.Kernels.Aggregates.Histogram.Accumulate"/> exactly (same scale, same clamp
/// of the last bin, NaN and out-of-range values skipped) so the GPU and CPU counts are identical, not just close.</remarks>
internal static class HistogramKernel
{
    /// <summary>Thread <paramref name="index"/> of <paramref name="threads"/> visits elements index, index + threads, ...</summary>
    public static void Run(Index1D index, ArrayView<double> values, ArrayView<long> counts, double min, double max, double scale, int threads)
    {
        long n = values.Length;
        int last = (int)counts.Length - 1;
        for (long i = (int)index; i < n; i += threads)
        {
            double v = values[i];
            if (!(v >= min && v <= max)) continue;
            int bin = (int)((v - min) * scale);
            Atomic.Add(ref counts[bin > last ? last : bin], 1L);
        }
    }
}
