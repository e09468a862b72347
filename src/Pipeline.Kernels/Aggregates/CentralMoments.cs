using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Kernels.Aggregates;

/// <summary>Second pass of the two-pass batch moments: sums of the 2nd, 3rd and 4th powers of the
/// deviations from a known mean, plus zero and negative counts, in one sweep over finite values.</summary>
/// <remarks>Hand-written because <c>TensorPrimitives</c> has no fused multi-output aggregate: four separate
/// calls would read the batch four times. One file, one loop per width, kept structurally identical (Sep style).
/// Lanes accumulate independently, so results differ from the scalar path only by summation order.</remarks>
internal static class CentralMoments
{
    /// <summary>Per-batch results of <see cref="Compute"/>.</summary>
    internal struct Sums
    {
        public double S2, S3, S4;
        public long Zeros, Negatives;
    }

    /// <summary>Computes the deviation power sums of <paramref name="values"/> around <paramref name="mean"/> on path <paramref name="isa"/>.</summary>
    internal static Sums Compute(ReadOnlySpan<double> values, double mean, Isa isa)
    {
        Sums s = default;
        int i = 0;
        switch (KernelDispatch.Clamp(isa))
        {
            case Isa.Vector512: i = Vector512Path(values, mean, ref s); break;
            case Isa.Vector256: i = Vector256Path(values, mean, ref s); break;
            case Isa.Vector128: i = Vector128Path(values, mean, ref s); break;
        }
        ScalarTail(values[i..], mean, ref s);
        return s;
    }

    private static void ScalarTail(ReadOnlySpan<double> values, double mean, ref Sums s)
    {
        foreach (double x in values)
        {
            double d = x - mean, d2 = d * d;
            s.S2 += d2;
            s.S3 += d2 * d;
            s.S4 += d2 * d2;
            if (x == 0) s.Zeros++;
            else if (x < 0) s.Negatives++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vector512Path(ReadOnlySpan<double> values, double mean, ref Sums s)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        int n = values.Length - values.Length % Vector512<double>.Count;
        Vector512<double> m = Vector512.Create(mean), s2 = default, s3 = default, s4 = default;
        Vector512<long> zeros = default, negatives = default;
        for (int i = 0; i < n; i += Vector512<double>.Count)
        {
            var x = Vector512.LoadUnsafe(ref start, (nuint)i);
            var d = x - m;
            var d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
            // Comparison masks are all-ones (-1 as a long) per matching lane, so subtracting counts.
            zeros -= Vector512.Equals(x, Vector512<double>.Zero).AsInt64();
            negatives -= Vector512.LessThan(x, Vector512<double>.Zero).AsInt64();
        }
        s.S2 += Vector512.Sum(s2); s.S3 += Vector512.Sum(s3); s.S4 += Vector512.Sum(s4);
        s.Zeros += Vector512.Sum(zeros); s.Negatives += Vector512.Sum(negatives);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vector256Path(ReadOnlySpan<double> values, double mean, ref Sums s)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        int n = values.Length - values.Length % Vector256<double>.Count;
        Vector256<double> m = Vector256.Create(mean), s2 = default, s3 = default, s4 = default;
        Vector256<long> zeros = default, negatives = default;
        for (int i = 0; i < n; i += Vector256<double>.Count)
        {
            var x = Vector256.LoadUnsafe(ref start, (nuint)i);
            var d = x - m;
            var d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
            zeros -= Vector256.Equals(x, Vector256<double>.Zero).AsInt64();
            negatives -= Vector256.LessThan(x, Vector256<double>.Zero).AsInt64();
        }
        s.S2 += Vector256.Sum(s2); s.S3 += Vector256.Sum(s3); s.S4 += Vector256.Sum(s4);
        s.Zeros += Vector256.Sum(zeros); s.Negatives += Vector256.Sum(negatives);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vector128Path(ReadOnlySpan<double> values, double mean, ref Sums s)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        int n = values.Length - values.Length % Vector128<double>.Count;
        Vector128<double> m = Vector128.Create(mean), s2 = default, s3 = default, s4 = default;
        Vector128<long> zeros = default, negatives = default;
        for (int i = 0; i < n; i += Vector128<double>.Count)
        {
            var x = Vector128.LoadUnsafe(ref start, (nuint)i);
            var d = x - m;
            var d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
            zeros -= Vector128.Equals(x, Vector128<double>.Zero).AsInt64();
            negatives -= Vector128.LessThan(x, Vector128<double>.Zero).AsInt64();
        }
        s.S2 += Vector128.Sum(s2); s.S3 += Vector128.Sum(s3); s.S4 += Vector128.Sum(s4);
        s.Zeros += Vector128.Sum(zeros); s.Negatives += Vector128.Sum(negatives);
        return n;
    }
}
