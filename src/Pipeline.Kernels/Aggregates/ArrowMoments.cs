using System.Buffers;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Aggregates;

/// <summary>Moments over numeric Arrow arrays, honouring the validity bitmap and the array offset.</summary>
/// <remarks>Values are widened to <see cref="double"/> (Int64/UInt64 beyond 2^53 and Decimal128 lose low digits,
/// which moments cannot resolve anyway) in chunks of <see cref="ChunkLength"/> into a pooled buffer, then
/// folded with <see cref="MomentState.AddRange(ReadOnlySpan{double})"/>. A Double array without nulls is folded
/// in place, without copying.</remarks>
public static class ArrowMoments
{
    /// <summary>Values converted per chunk: large enough to amortise a merge, small enough to stay in L1/L2.</summary>
    internal const int ChunkLength = 4096;

    /// <summary>Folds every valid value of a numeric array into <paramref name="state"/>.</summary>
    /// <exception cref="NotSupportedException">The array is not numeric (see <see cref="IsNumeric"/>).</exception>
    public static void Accumulate(IArrowArray array, ref MomentState state)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array is DoubleArray d && d.NullCount == 0)
        {
            state.AddRange(d.Values);
            return;
        }
        double[] buffer = ArrayPool<double>.Shared.Rent(Math.Min(ChunkLength, Math.Max(array.Length, 1)));
        try
        {
            for (int start = 0; start < array.Length; start += ChunkLength)
            {
                int length = Math.Min(ChunkLength, array.Length - start);
                int written = CopyValidAsDouble(array, start, length, buffer);
                state.AddRange(buffer.AsSpan(0, written));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>True for the types <see cref="Accumulate"/> accepts: Int8..Int64, UInt8..UInt64, HalfFloat, Float,
    /// Double and Decimal128.</summary>
    public static bool IsNumeric(IArrowType type) => type?.TypeId is ArrowTypeId.Int8 or ArrowTypeId.Int16
        or ArrowTypeId.Int32 or ArrowTypeId.Int64 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32
        or ArrowTypeId.UInt64 or ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double
        or ArrowTypeId.Decimal128;

    /// <summary>Writes the valid values of <paramref name="array"/>, in order and widened to double, to
    /// <paramref name="destination"/> and returns how many were written (the non-null count).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the array.</exception>
    /// <exception cref="NotSupportedException">The array is not numeric.</exception>
    public static int CopyValidAsDouble(IArrowArray array, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (destination.Length < array.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; the array has {array.Length}.", nameof(destination));
        return CopyValidAsDouble(array, 0, array.Length, destination);
    }

    /// <summary>Copies the valid values among rows [start, start + length) of the array.</summary>
    internal static int CopyValidAsDouble(IArrowArray array, int start, int length, Span<double> destination) => array switch
    {
        DoubleArray a => Copy<double>(a, a.Values, start, length, destination),
        FloatArray a => Copy<float>(a, a.Values, start, length, destination),
        HalfFloatArray a => Copy<Half>(a, a.Values, start, length, destination),
        Int8Array a => Copy<sbyte>(a, a.Values, start, length, destination),
        Int16Array a => Copy<short>(a, a.Values, start, length, destination),
        Int32Array a => Copy<int>(a, a.Values, start, length, destination),
        Int64Array a => Copy<long>(a, a.Values, start, length, destination),
        UInt8Array a => Copy<byte>(a, a.Values, start, length, destination),
        UInt16Array a => Copy<ushort>(a, a.Values, start, length, destination),
        UInt32Array a => Copy<uint>(a, a.Values, start, length, destination),
        UInt64Array a => Copy<ulong>(a, a.Values, start, length, destination),
        Decimal128Array a => CopyDecimal128(a, start, length, destination),
        _ => throw new NotSupportedException($"Moments need a numeric column; got {array.Data.DataType.Name}."),
    };

    // Generic over the element type so the JIT emits one specialised loop per type: no per-value virtual call.
    private static int Copy<T>(IArrowArray array, ReadOnlySpan<T> values, int start, int length, Span<double> destination)
        where T : struct, INumberBase<T>
    {
        var slice = values.Slice(start, length);
        if (array.NullCount == 0)
        {
            // Vectorised widening where the runtime has it (int32/int64/float to double).
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<T, double>(slice, destination);
            return slice.Length;
        }
        var validity = Validity.Of(array);
        int written = 0;
        for (int i = 0; i < slice.Length; i++)
            if (validity.IsValid(start + i)) destination[written++] = double.CreateTruncating(slice[i]);
        return written;
    }

    private static int CopyDecimal128(Decimal128Array array, int start, int length, Span<double> destination)
    {
        // Read the unscaled 128-bit integer directly: Decimal128Array.GetValue goes through System.Decimal,
        // which overflows beyond 28 digits.
        var raw = array.ValueBuffer.Span.Slice((array.Offset + start) * 16, length * 16);
        double scale = Math.Pow(10, ((Decimal128Type)array.Data.DataType).Scale);
        var validity = Validity.Of(array);
        int written = 0;
        for (int i = 0; i < length; i++)
        {
            if (!validity.IsValid(start + i)) continue;
            var unscaled = System.Buffers.Binary.BinaryPrimitives.ReadInt128LittleEndian(raw.Slice(i * 16, 16));
            destination[written++] = (double)unscaled / scale;
        }
        return written;
    }
}
