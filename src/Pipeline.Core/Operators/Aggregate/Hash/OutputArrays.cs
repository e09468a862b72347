using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>Gives the bytes of value <paramref name="index"/> of an output column.</summary>
internal delegate ReadOnlySpan<byte> BytesAt(int index);

/// <summary>
/// Builds measure output columns from per-group results: codes back to their input type, decimals, strings, int64
/// and float64. Buffers are managed arrays, so the batches own nothing native and need no pool.
/// </summary>
internal static class OutputArrays
{
    private static (ArrowBuffer Bitmap, int Nulls) Validity(ReadOnlySpan<bool> valid)
    {
        int nulls = 0;
        foreach (bool v in valid) if (!v) nulls++;
        if (nulls == 0) return (ArrowBuffer.Empty, 0);
        var bitmap = new byte[(valid.Length + 7) / 8];
        for (int i = 0; i < valid.Length; i++) if (valid[i]) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        return (new ArrowBuffer(bitmap), nulls);
    }

    private static IArrowArray Fixed(IArrowType type, ReadOnlySpan<bool> valid, byte[] values)
    {
        var (bitmap, nulls) = Validity(valid);
        return ArrowArrayFactory.BuildArray(new ArrayData(type, valid.Length, nulls, 0, [bitmap, new ArrowBuffer(values)]));
    }

    public static IArrowArray Int64s(ReadOnlySpan<long> values)
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        return ArrowArrayFactory.BuildArray(new ArrayData(Int64Type.Default, values.Length, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(bytes)]));
    }

    public static IArrowArray Doubles(ReadOnlySpan<double> values, ReadOnlySpan<bool> valid)
        => Fixed(DoubleType.Default, valid, MemoryMarshal.AsBytes(values).ToArray());

    public static IArrowArray Decimals(IArrowType type, ReadOnlySpan<Int128> values, ReadOnlySpan<bool> valid)
        => Fixed(type, valid, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>Codes (<see cref="OrderedCode"/>) decoded to <paramref name="type"/>.</summary>
    public static IArrowArray FromCodes(IArrowType type, ReadOnlySpan<long> codes, ReadOnlySpan<bool> valid)
    {
        int n = codes.Length;
        switch (type)
        {
            case BooleanType:
            {
                var bits = new byte[(n + 7) / 8];
                for (int i = 0; i < n; i++) if (codes[i] != 0) bits[i >> 3] |= (byte)(1 << (i & 7));
                return Fixed(type, valid, bits);
            }
            case HalfFloatType: { var v = new Half[n]; for (int i = 0; i < n; i++) v[i] = (Half)OrderedCode.ToDouble(codes[i]); return Fixed(type, valid, MemoryMarshal.AsBytes(v.AsSpan()).ToArray()); }
            case FloatType: { var v = new float[n]; for (int i = 0; i < n; i++) v[i] = (float)OrderedCode.ToDouble(codes[i]); return Fixed(type, valid, MemoryMarshal.AsBytes(v.AsSpan()).ToArray()); }
            case DoubleType: { var v = new double[n]; for (int i = 0; i < n; i++) v[i] = OrderedCode.ToDouble(codes[i]); return Fixed(type, valid, MemoryMarshal.AsBytes(v.AsSpan()).ToArray()); }
            case UInt8Type or UInt16Type or UInt32Type or UInt64Type:
            {
                int width = ((FixedWidthType)type).BitWidth / 8;
                var bytes = new byte[n * width];
                for (int i = 0; i < n; i++)
                {
                    ulong value = OrderedCode.ToUnsigned(codes[i]);
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * width, width), value);
                }
                return Fixed(type, valid, bytes);
            }
            case FixedWidthType fixedWidth:
            {
                // Signed integers and temporal types: the low bytes of the value (little-endian, two's complement).
                int width = fixedWidth.BitWidth / 8;
                var bytes = new byte[n * width];
                var wide = MemoryMarshal.AsBytes(codes);
                for (int i = 0; i < n; i++) wide.Slice(i * 8, width).CopyTo(bytes.AsSpan(i * width, width));
                return Fixed(type, valid, bytes);
            }
            default:
                throw new PipelineException(PipelineErrorKind.Internal, $"no output for codes of type {type.Name}");
        }
    }

    /// <summary>A string or binary column of <paramref name="type"/> from one value per row (null rows are not asked).</summary>
    public static IArrowArray FromBytes(IArrowType type, ReadOnlySpan<bool> valid, BytesAt value)
    {
        bool large = type is LargeStringType or LargeBinaryType;
        int n = valid.Length;
        long total = 0;
        for (int i = 0; i < n; i++) if (valid[i]) total += value(i).Length;
        if (total > System.Array.MaxLength || (!large && total > int.MaxValue))
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"{n} output values hold {total} bytes, more than one array can");
        var bytes = new byte[total];
        var offsets = new byte[(n + 1) * (large ? 8 : 4)];
        long at = 0;
        for (int i = 0; i < n; i++)
        {
            if (valid[i])
            {
                var v = value(i);
                v.CopyTo(bytes.AsSpan((int)at));
                at += v.Length;
            }
            if (large) BitConverter.TryWriteBytes(offsets.AsSpan((i + 1) * 8, 8), at);
            else BitConverter.TryWriteBytes(offsets.AsSpan((i + 1) * 4, 4), (int)at);
        }
        var (bitmap, nulls) = Validity(valid);
        return ArrowArrayFactory.BuildArray(new ArrayData(type, n, nulls, 0, [bitmap, new ArrowBuffer(offsets), new ArrowBuffer(bytes)]));
    }
}
