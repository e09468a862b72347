using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// Encodes the sort columns of every row into bytes whose plain byte order (memcmp) is the sort order, so runs can
/// be sorted and merged by comparing byte spans, whatever the column types. Per column: a tag byte (1 for a value;
/// 0 for null when nulls go first, 2 when they go last), then the value: integers, dates, times, timestamps,
/// durations and decimals big-endian with the sign bit flipped; floats with NaN made one NaN (sorting above every
/// number), -0 made +0 and the usual sign trick; booleans one byte; strings and binaries with 0x00 escaped as
/// 0x00 0x01 and ended by 0x00 0x00 (so a prefix sorts first); dictionaries by their decoded values. A descending
/// column's value bytes are inverted; the encoding is prefix-free, so inversion keeps the order exact. Equal keys
/// mean equal values (nulls equal nulls), which group-by relies on. Nested types are refused.
/// </summary>
internal sealed class SortKeyEncoder
{
    private readonly SortKey[] _keys;
    private readonly int[] _columns;
    private byte[] _bytes = new byte[1 << 16];
    private int[] _offsets = new int[1];
    private int _rows;

    public SortKeyEncoder(Schema schema, IReadOnlyList<SortKey> keys)
    {
        if (keys.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "a sort needs at least one column");
        _keys = [.. keys];
        _columns = new int[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            int index = schema.GetFieldIndex(keys[k].Column);
            if (index < 0)
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"sort column '{keys[k].Column}' is not in the input (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})");
            Check(keys[k].Column, schema.FieldsList[index].DataType);
            _columns[k] = index;
        }
    }

    /// <summary>Rows encoded by the last <see cref="Encode"/>.</summary>
    public int Rows => _rows;

    /// <summary>Encodes the sort columns of every row of <paramref name="batch"/>; read them with <see cref="Key"/>.</summary>
    public void Encode(RecordBatch batch)
    {
        int rows = _rows = batch.Length;
        if (_offsets.Length < rows + 1) _offsets = new int[rows + 1];
        var writer = new KeyWriter(_bytes);
        for (int r = 0; r < rows; r++)
        {
            _offsets[r] = writer.Length;
            for (int k = 0; k < _keys.Length; k++) EncodeValue(batch.Column(_columns[k]), r, _keys[k], ref writer);
        }
        _offsets[rows] = writer.Length;
        _bytes = writer.Buffer;
    }

    /// <summary>The key of row <paramref name="row"/> of the last encoded batch.</summary>
    public ReadOnlySpan<byte> Key(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Bytes of all keys of the last encoded batch.</summary>
    public int TotalBytes => _offsets[_rows];

    private static void Check(string column, IArrowType type)
    {
        switch (type)
        {
            case DictionaryType dictionary: Check(column, dictionary.ValueType); return;
            case BooleanType or BinaryType or StringType or LargeBinaryType or LargeStringType: return;
            case FixedWidthType fixedWidth when fixedWidth.BitWidth % 8 == 0 && type is not FixedSizeBinaryType: return;
            case FixedSizeBinaryType: return;
            default: throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}': type {type.Name} cannot be sorted or grouped on");
        }
    }

    private static void EncodeValue(IArrowArray array, int row, SortKey key, ref KeyWriter writer)
    {
        if (array.IsNull(row))
        {
            writer.Byte(key.NullsFirst ? (byte)0 : (byte)2);
            return;
        }
        writer.Byte(1);
        int start = writer.Length;
        switch (array)
        {
            case DictionaryArray dictionary:
                EncodeEntry(dictionary.Dictionary, checked((int)DictionaryIndex(dictionary.Indices, row)), ref writer);
                break;
            default:
                EncodeEntry(array, row, ref writer);
                break;
        }
        if (key.Descending) writer.Invert(start);
    }

    /// <summary>The value bytes of a non-null row (no tag).</summary>
    private static void EncodeEntry(IArrowArray array, int row, ref KeyWriter writer)
    {
        var data = array.Data;
        switch (data.DataType)
        {
            case BooleanType:
                writer.Byte(((BooleanArray)array).GetValue(row) == true ? (byte)1 : (byte)0);
                return;
            case FloatType:
            {
                float v = ((FloatArray)array).Values[row];
                uint bits = float.IsNaN(v) ? 0x7FC00000u : v == 0f ? 0u : BitConverter.SingleToUInt32Bits(v);
                bits = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
                writer.UInt32(bits);
                return;
            }
            case DoubleType:
            {
                double v = ((DoubleArray)array).Values[row];
                ulong bits = double.IsNaN(v) ? 0x7FF8000000000000UL : v == 0d ? 0UL : BitConverter.DoubleToUInt64Bits(v);
                bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
                writer.UInt64(bits);
                return;
            }
            case HalfFloatType:
            {
                double v = (double)((HalfFloatArray)array).Values[row];
                ulong bits = double.IsNaN(v) ? 0x7FF8000000000000UL : v == 0d ? 0UL : BitConverter.DoubleToUInt64Bits(v);
                bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
                writer.UInt64(bits);
                return;
            }
            case BinaryType or StringType:
            {
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
                int start = offsets[data.Offset + row], end = offsets[data.Offset + row + 1];
                writer.Escaped(data.Buffers[2].Span[start..end]);
                return;
            }
            case LargeBinaryType or LargeStringType:
            {
                var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span);
                long start = offsets[data.Offset + row], end = offsets[data.Offset + row + 1];
                writer.Escaped(data.Buffers[2].Span[(int)start..(int)end]);
                return;
            }
            case FixedSizeBinaryType fixedBinary:
            {
                int width = fixedBinary.ByteWidth;
                writer.Bytes(data.Buffers[1].Span.Slice((data.Offset + row) * width, width));
                return;
            }
            case FixedWidthType fixedWidth:
            {
                int width = fixedWidth.BitWidth / 8;
                var value = data.Buffers[1].Span.Slice((data.Offset + row) * width, width);
                bool signed = data.DataType is not (UInt8Type or UInt16Type or UInt32Type or UInt64Type);
                writer.BigEndian(value, flipSign: signed);
                return;
            }
            default:
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"type {data.DataType.Name} cannot be sorted or grouped on");
        }
    }

    private static long DictionaryIndex(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.Values[row],
        UInt8Array a => a.Values[row],
        Int16Array a => a.Values[row],
        UInt16Array a => a.Values[row],
        Int32Array a => a.Values[row],
        UInt32Array a => a.Values[row],
        Int64Array a => a.Values[row],
        UInt64Array a => checked((long)a.Values[row]),
        _ => throw new PipelineException(PipelineErrorKind.Schema, $"dictionary index type {indices.Data.DataType.Name} is not supported"),
    };

    /// <summary>Appends to a growable byte buffer.</summary>
    private ref struct KeyWriter(byte[] buffer)
    {
        public byte[] Buffer = buffer;
        public int Length;

        private Span<byte> Take(int bytes)
        {
            if (Length + bytes > Buffer.Length)
            {
                long size = Math.Max((long)Buffer.Length * 2, (long)Length + bytes);
                if (size > System.Array.MaxLength)
                    throw new PipelineException(PipelineErrorKind.ResourcesExhausted, "a batch's sort keys exceed 2 GiB; use a smaller batch size");
                System.Array.Resize(ref Buffer, (int)size);
            }
            var span = Buffer.AsSpan(Length, bytes);
            Length += bytes;
            return span;
        }

        public void Byte(byte value) => Take(1)[0] = value;

        public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

        public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

        public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

        /// <summary>Little-endian two's complement (or unsigned) value as big-endian bytes, sign bit flipped when signed.</summary>
        public void BigEndian(ReadOnlySpan<byte> littleEndian, bool flipSign)
        {
            var target = Take(littleEndian.Length);
            for (int i = 0; i < littleEndian.Length; i++) target[i] = littleEndian[littleEndian.Length - 1 - i];
            if (flipSign) target[0] ^= 0x80;
        }

        public void Escaped(ReadOnlySpan<byte> value)
        {
            int zeros = value.Count((byte)0);
            var target = Take(value.Length + zeros + 2);
            int at = 0;
            foreach (byte b in value)
            {
                target[at++] = b;
                if (b == 0) target[at++] = 1;
            }
            target[at++] = 0;
            target[at] = 0;
        }

        public void Invert(int start)
        {
            foreach (ref byte b in Buffer.AsSpan(start, Length - start)) b = (byte)~b;
        }
    }
}
