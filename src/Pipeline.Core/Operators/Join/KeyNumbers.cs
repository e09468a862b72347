using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Reads a key column whose values compare as one 8-byte number (<see cref="KeyColumn.IsNumber"/>) into longs, a
/// whole column at a time: integers (scaled, see <see cref="KeyColumn.Scale"/>), booleans, floats as canonical
/// double bits or, against an integer, as the integer they equal. A row whose value is null, or cannot equal any
/// value of the other side (an overflowing scale, a uint64 past <see cref="long.MaxValue"/>, a fractional float
/// against an integer), is marked invalid: it never matches.
/// </summary>
internal static class KeyNumbers
{
    // 2^63 as a double: the first value past the long range (long.MaxValue itself is not representable).
    private const double TwoPow63 = 9223372036854775808d;

    /// <summary>Fills <paramref name="values"/> and clears <paramref name="valid"/> where the row cannot match (valid rows stay as they are otherwise).</summary>
    public static void Read(IArrowArray array, KeyColumn key, Span<long> values, Span<bool> valid)
    {
        if (array is DictionaryArray dictionary)
        {
            ReadDictionary(dictionary, key, values, valid);
            return;
        }
        var data = array.Data;
        int n = data.Length;
        if (data.NullCount > 0)
        {
            for (int r = 0; r < n; r++) if (array.IsNull(r)) valid[r] = false;
        }
        int width = ((FixedWidthType)data.DataType).BitWidth;
        switch (key.Read)
        {
            case KeyRead.Signed: ReadSigned(data, width / 8, key.Scale, values, valid); break;
            case KeyRead.Unsigned: ReadUnsigned(data, width / 8, values, valid, bits: false); break;
            case KeyRead.UnsignedBits: ReadUnsigned(data, width / 8, values, valid, bits: true); break;
            case KeyRead.Boolean:
                {
                    var bytes = data.Buffers[1].Span;
                    for (int r = 0; r < n; r++)
                    {
                        int bit = data.Offset + r;
                        values[r] = (bytes[bit >> 3] >> (bit & 7)) & 1;
                    }
                    break;
                }
            case KeyRead.Float or KeyRead.FloatAsInteger:
                ReadFloat(data, width / 8, key.Read == KeyRead.FloatAsInteger, values, valid);
                break;
            default: throw new InvalidOperationException($"key column '{key.Name}' is not numeric");
        }
    }

    private static void ReadSigned(ArrayData data, int width, long scale, Span<long> values, Span<bool> valid)
    {
        int n = data.Length;
        var raw = data.Buffers[1].Span[(data.Offset * width)..];
        switch (width)
        {
            case 8: MemoryMarshal.Cast<byte, long>(raw)[..n].CopyTo(values); break;
            case 4:
                {
                    var ints = MemoryMarshal.Cast<byte, int>(raw)[..n];
                    for (int r = 0; r < n; r++) values[r] = ints[r];
                    break;
                }
            case 2:
                {
                    var shorts = MemoryMarshal.Cast<byte, short>(raw)[..n];
                    for (int r = 0; r < n; r++) values[r] = shorts[r];
                    break;
                }
            default:
                for (int r = 0; r < n; r++) values[r] = (sbyte)raw[r];
                break;
        }
        if (scale == 1) return;
        long max = long.MaxValue / scale, min = long.MinValue / scale;
        for (int r = 0; r < n; r++)
        {
            long v = values[r];
            if (v > max || v < min) valid[r] = false;
            else values[r] = v * scale;
        }
    }

    private static void ReadUnsigned(ArrayData data, int width, Span<long> values, Span<bool> valid, bool bits)
    {
        int n = data.Length;
        var raw = data.Buffers[1].Span[(data.Offset * width)..];
        for (int r = 0; r < n; r++)
        {
            var v = raw.Slice(r * width, width);
            ulong value = width switch
            {
                1 => v[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(v),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(v),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(v),
            };
            if (!bits && value > long.MaxValue) valid[r] = false;
            values[r] = (long)value;
        }
    }

    private static void ReadFloat(ArrayData data, int width, bool asInteger, Span<long> values, Span<bool> valid)
    {
        int n = data.Length;
        var raw = data.Buffers[1].Span[(data.Offset * width)..];
        for (int r = 0; r < n; r++)
        {
            var v = raw.Slice(r * width, width);
            double d = width switch
            {
                2 => (double)BinaryPrimitives.ReadHalfLittleEndian(v),
                4 => BinaryPrimitives.ReadSingleLittleEndian(v),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(v),
            };
            if (asInteger)
            {
                // NaN fails both comparisons, so it never matches an integer.
                if (d >= -TwoPow63 && d < TwoPow63 && d == Math.Truncate(d)) values[r] = (long)d;
                else valid[r] = false;
            }
            else
            {
                // One NaN and one zero, so equal doubles have equal bits (NaN joins NaN, as in DuckDB and Spark).
                values[r] = double.IsNaN(d) ? 0x7FF8000000000000L : d == 0d ? 0L : BitConverter.DoubleToInt64Bits(d);
            }
        }
    }

    private static void ReadDictionary(DictionaryArray array, KeyColumn key, Span<long> values, Span<bool> valid)
    {
        int entries = array.Dictionary.Length;
        var entryValues = new long[entries];
        var entryValid = new bool[entries];
        entryValid.AsSpan().Fill(true);
        Read(array.Dictionary, key, entryValues, entryValid);
        var indices = Indices(array);
        for (int r = 0; r < indices.Length; r++)
        {
            if (array.IsNull(r)) { valid[r] = false; continue; }
            long index = indices[r];
            values[r] = entryValues[index];
            if (!entryValid[index]) valid[r] = false;
        }
    }

    /// <summary>The dictionary indices of every row (any integer index type).</summary>
    public static long[] Indices(DictionaryArray array)
    {
        var indices = array.Indices;
        var read = indices.Data.DataType is UInt8Type or UInt16Type or UInt32Type or UInt64Type ? KeyRead.UnsignedBits : KeyRead.Signed;
        var result = new long[indices.Length];
        var ignored = new bool[indices.Length];
        var data = indices.Data;
        int width = ((FixedWidthType)data.DataType).BitWidth / 8;
        if (read == KeyRead.Signed) ReadSigned(data, width, 1, result, ignored);
        else ReadUnsigned(data, width, result, ignored, bits: true);
        return result;
    }
}
