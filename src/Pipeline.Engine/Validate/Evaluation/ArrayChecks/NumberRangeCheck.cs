using System.Numerics;
using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary>
/// The range rules (<c>greater_than</c> … <c>between</c>, <c>non_negative</c>, <c>positive</c>) on integer and
/// floating arrays: each value is compared as a double, exactly as the value-by-value path compares, so NaN fails every range.
/// Exclusive bounds become inclusive ones on the next representable double, leaving one comparison pair per value.
/// </summary>
internal sealed class NumberRangeCheck : IArrayCheck
{
    private readonly double _low;
    private readonly double _high;

    /// <summary>A check passing values in the range given by the bounds (±∞ for an open side).</summary>
    public NumberRangeCheck(double low, bool lowInclusive, double high, bool highInclusive)
    {
        // x > +∞ and x < -∞ never hold, and BitIncrement(+∞) stays +∞, so those ranges are empty outright.
        bool nothingPasses = (!lowInclusive && double.IsPositiveInfinity(low)) || (!highInclusive && double.IsNegativeInfinity(high));
        _low = nothingPasses ? double.PositiveInfinity : lowInclusive ? low : Math.BitIncrement(low);
        _high = nothingPasses ? double.NegativeInfinity : highInclusive ? high : Math.BitDecrement(high);
    }

    public int Evaluate(IArrowArray array, Span<bool> fails) => array switch
    {
        DoubleArray a => RunDoubles(a.Values, a, fails),
        FloatArray a => Run(a.Values, a, fails),
        Int64Array a => Run(a.Values, a, fails),
        Int32Array a => Run(a.Values, a, fails),
        Int16Array a => Run(a.Values, a, fails),
        Int8Array a => Run(a.Values, a, fails),
        UInt64Array a => Run(a.Values, a, fails),
        UInt32Array a => Run(a.Values, a, fails),
        UInt16Array a => Run(a.Values, a, fails),
        UInt8Array a => Run(a.Values, a, fails),
        _ => -1,
    };

    /// <summary>Four rows per step: the same comparisons on a 256-bit vector, the four answers written as one
    /// 32-bit store of four bools (NaN fails: it compares false, as in the scalar form).</summary>
    private int RunDoubles(ReadOnlySpan<double> values, IArrowArray array, Span<bool> fails)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return Run(values, array, fails);
        int n = array.Length, count = 0, i = 0;
        values = values[..n];
        fails = fails[..n];
        var low = System.Runtime.Intrinsics.Vector256.Create(_low);
        var high = System.Runtime.Intrinsics.Vector256.Create(_high);
        ref bool output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(fails);
        for (; i + 4 <= n; i += 4)
        {
            var x = System.Runtime.Intrinsics.Vector256.Create(values.Slice(i, 4));
            var passes = System.Runtime.Intrinsics.Vector256.GreaterThanOrEqual(x, low) & System.Runtime.Intrinsics.Vector256.LessThanOrEqual(x, high);
            uint failing = ~System.Runtime.Intrinsics.Vector256.ExtractMostSignificantBits(passes) & 0xF;
            System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref System.Runtime.CompilerServices.Unsafe.Add(ref output, i)), (uint)BoolBytes.OfBits[failing]);
            count += BitOperations.PopCount(failing);
        }
        for (; i < n; i++)
        {
            bool fail = !(values[i] >= _low && values[i] <= _high);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return array.NullCount == 0 ? count : Validity.ClearNulls(array, fails, count);
    }

    private int Run<T>(ReadOnlySpan<T> values, IArrowArray array, Span<bool> fails) where T : INumberBase<T>
    {
        int n = array.Length, count = 0;
        double low = _low, high = _high;
        values = values[..n];
        fails = fails[..n];
        for (int i = 0; i < values.Length; i++)
        {
            double x = double.CreateTruncating(values[i]);
            bool fail = !(x >= low && x <= high);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return array.NullCount == 0 ? count : Validity.ClearNulls(array, fails, count);
    }
}
