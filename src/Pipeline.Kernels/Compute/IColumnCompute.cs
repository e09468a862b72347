using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Compute;

/// <summary>
/// The numeric work a profile hands to a device: moments of a column, an equal-width histogram, and the co-moment
/// matrix of several aligned columns. <see cref="SimdCompute"/> runs it on the CPU's vector units; the optional
/// <c>Pipeline.Accelerators</c> assembly runs it on a GPU through ILGPU. Both give the same answers up to
/// floating-point rounding, which the accelerator tests check.
/// </summary>
public interface IColumnCompute
{
    /// <summary>A short name for logs and results (<c>simd</c>, <c>cuda:NVIDIA H100</c>, ...).</summary>
    string Name { get; }

    /// <summary>Moments of <paramref name="values"/> (no nulls; NaN and ±∞ are counted, not folded).</summary>
    MomentState Moments(ReadOnlySpan<double> values);

    /// <summary>Adds each value to one of <c>counts.Length</c> equal-width bins over [min, max], as
    /// <see cref="Histogram.Accumulate"/> defines them.</summary>
    void Histogram(ReadOnlySpan<double> values, double min, double max, Span<long> counts);

    /// <summary>The co-moments of every pair (a, b), a &lt; b, of <paramref name="columns"/> (aligned, each of
    /// length <paramref name="rows"/>; NaN marks a missing value). Pair (a, b) goes to
    /// <c>pairs[a * columns.Count + b]</c>; other slots are left alone.</summary>
    void CoMoments(IReadOnlyList<double[]> columns, int rows, Span<CoMomentState> pairs);
}
