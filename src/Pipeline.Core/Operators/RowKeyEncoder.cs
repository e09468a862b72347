using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators;

/// <summary>
/// Encodes every row of a batch into canonical bytes: two rows are equal (nulls equal nulls, as in SQL DISTINCT)
/// exactly when their keys are byte-equal. Per column: a tag (0 null, 1 value) then the value: fixed-width values as
/// their little-endian bytes (integers, dates, times, timestamps, durations, decimals), floats with every NaN made
/// one NaN and -0 made +0, booleans as one byte, strings and binaries LEB128-length-prefixed (which keeps the
/// encoding prefix-free), dictionaries decoded to their values. Half floats compare by their bits. Nested types are
/// refused. Works a column at a time (lengths, then bytes) so each column's buffers are resolved once per batch
/// rather than once per value.
/// </summary>
internal sealed class RowKeyEncoder
{
    private readonly Schema _schema;
    private byte[] _bytes = new byte[1 << 16];
    private int[] _offsets = new int[1];
    private int[] _cursors = [];

    public RowKeyEncoder(Schema schema)
    {
        _schema = schema;
        foreach (var field in schema.FieldsList) Check(field.Name, field.DataType);
    }

    /// <summary>Encodes every row of <paramref name="batch"/>; read them with <see cref="Key"/>.</summary>
    public void Encode(RecordBatch batch)
    {
        if (batch.ColumnCount != _schema.FieldsList.Count)
            throw new PipelineException(PipelineErrorKind.Schema, $"batch has {batch.ColumnCount} columns, the stream's schema {_schema.FieldsList.Count}");
        int rows = batch.Length;
        if (_offsets.Length < rows + 1) _offsets = new int[rows + 1];
        if (_cursors.Length < rows) _cursors = new int[rows];
        var lengths = _cursors.AsSpan(0, rows);
        lengths.Clear();
        var columns = new ColumnEncoder[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnEncoder.For(batch.Column(c), _schema.FieldsList[c].Name);
            columns[c].AddLengths(lengths);
        }
        long total = 0;
        for (int r = 0; r < rows; r++)
        {
            _offsets[r] = (int)total;
            total += lengths[r];
        }
        if (total > System.Array.MaxLength)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"a batch of {rows} rows encodes to {total} key bytes; use a smaller batch size");
        _offsets[rows] = (int)total;
        if (_bytes.Length < total) _bytes = new byte[Math.Max(total, _bytes.Length * 2L > System.Array.MaxLength ? total : _bytes.Length * 2L)];
        _offsets.AsSpan(0, rows).CopyTo(_cursors);
        foreach (var column in columns) column.Write(_bytes, _cursors.AsSpan(0, rows));
    }

    /// <summary>The key of row <paramref name="row"/> of the last encoded batch.</summary>
    public ReadOnlySpan<byte> Key(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    private static void Check(string column, IArrowType type)
    {
        switch (type)
        {
            case DictionaryType dictionary: Check(column, dictionary.ValueType); return;
            case BooleanType or BinaryType or StringType or LargeBinaryType or LargeStringType: return;
            case FixedWidthType fixedWidth when fixedWidth.BitWidth % 8 == 0: return;
            default:
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}': type {type.Name} is not supported for exact distinct counting");
        }
    }

    /// <summary>One column's part of every row key: first its byte lengths, then its bytes at each row's cursor.</summary>
    private abstract class ColumnEncoder(ArrayData data)
    {
        protected readonly ArrayData Data = data;

        public static ColumnEncoder For(IArrowArray array, string column) => array switch
        {
            DictionaryArray dictionary => new DictionaryEncoder(dictionary, column),
            BooleanArray => new BooleanEncoder(array.Data),
            LargeBinaryArray => new LargeBinaryEncoder(array.Data),
            BinaryArray => new BinaryEncoder(array.Data),
            FloatArray => new FloatEncoder(array.Data),
            DoubleArray => new DoubleEncoder(array.Data),
            _ when array.Data.DataType is FixedWidthType { BitWidth: > 0 } fixedWidth && fixedWidth.BitWidth % 8 == 0
                => new FixedWidthEncoder(array.Data, fixedWidth.BitWidth / 8),
            _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}': type {array.Data.DataType.Name} is not supported for exact distinct counting"),
        };

        protected bool IsValid(ReadOnlySpan<byte> validity, int row)
            => validity.IsEmpty || (validity[(Data.Offset + row) >> 3] & (1 << ((Data.Offset + row) & 7))) != 0;

        protected ReadOnlySpan<byte> Validity => Data.NullCount == 0 ? default : Data.Buffers[0].Span;

        /// <summary>Adds the bytes this column contributes to each row.</summary>
        public abstract void AddLengths(Span<int> lengths);

        /// <summary>Writes this column's bytes at each row's cursor and advances the cursors.</summary>
        public abstract void Write(byte[] destination, Span<int> cursors);
    }

    private class FixedWidthEncoder(ArrayData data, int width) : ColumnEncoder(data)
    {
        protected readonly int Width = width;

        public override void AddLengths(Span<int> lengths)
        {
            var validity = Validity;
            for (int r = 0; r < lengths.Length; r++) lengths[r] += IsValid(validity, r) ? 1 + Width : 1;
        }

        public override void Write(byte[] destination, Span<int> cursors)
        {
            var validity = Validity;
            var values = Data.Buffers[1].Span[(Data.Offset * Width)..];
            for (int r = 0; r < cursors.Length; r++)
            {
                int at = cursors[r];
                if (!IsValid(validity, r)) { destination[at] = 0; cursors[r] = at + 1; continue; }
                destination[at] = 1;
                WriteValue(values.Slice(r * Width, Width), destination.AsSpan(at + 1, Width));
                cursors[r] = at + 1 + Width;
            }
        }

        protected virtual void WriteValue(ReadOnlySpan<byte> value, Span<byte> destination) => value.CopyTo(destination);
    }

    private sealed class FloatEncoder(ArrayData data) : FixedWidthEncoder(data, 4)
    {
        protected override void WriteValue(ReadOnlySpan<byte> value, Span<byte> destination)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(value);
            uint bits = float.IsNaN(v) ? 0x7FC00000u : v == 0f ? 0u : BitConverter.SingleToUInt32Bits(v);
            BinaryPrimitives.WriteUInt32LittleEndian(destination, bits);
        }
    }

    private sealed class DoubleEncoder(ArrayData data) : FixedWidthEncoder(data, 8)
    {
        protected override void WriteValue(ReadOnlySpan<byte> value, Span<byte> destination)
        {
            double v = BinaryPrimitives.ReadDoubleLittleEndian(value);
            ulong bits = double.IsNaN(v) ? 0x7FF8000000000000UL : v == 0d ? 0UL : BitConverter.DoubleToUInt64Bits(v);
            BinaryPrimitives.WriteUInt64LittleEndian(destination, bits);
        }
    }

    private sealed class BooleanEncoder(ArrayData data) : ColumnEncoder(data)
    {
        public override void AddLengths(Span<int> lengths)
        {
            var validity = Validity;
            for (int r = 0; r < lengths.Length; r++) lengths[r] += IsValid(validity, r) ? 2 : 1;
        }

        public override void Write(byte[] destination, Span<int> cursors)
        {
            var validity = Validity;
            var bits = Data.Buffers[1].Span;
            for (int r = 0; r < cursors.Length; r++)
            {
                int at = cursors[r];
                if (!IsValid(validity, r)) { destination[at] = 0; cursors[r] = at + 1; continue; }
                int bit = Data.Offset + r;
                destination[at] = 1;
                destination[at + 1] = (bits[bit >> 3] & (1 << (bit & 7))) != 0 ? (byte)1 : (byte)0;
                cursors[r] = at + 2;
            }
        }
    }

    /// <summary>Variable-length values; subclasses say where value <c>r</c> starts and ends.</summary>
    private abstract class VariableEncoder(ArrayData data) : ColumnEncoder(data)
    {
        protected abstract (long Start, long End) Range(int row);

        public override void AddLengths(Span<int> lengths)
        {
            var validity = Validity;
            for (int r = 0; r < lengths.Length; r++)
            {
                if (!IsValid(validity, r)) { lengths[r] += 1; continue; }
                var (start, end) = Range(r);
                long length = end - start;
                if (lengths[r] + 11 + length > System.Array.MaxLength)
                    throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"a row's key would exceed {System.Array.MaxLength} bytes");
                lengths[r] += 1 + VarLength((ulong)length) + (int)length;
            }
        }

        public override void Write(byte[] destination, Span<int> cursors)
        {
            var validity = Validity;
            var values = Data.Buffers[2].Span;
            for (int r = 0; r < cursors.Length; r++)
            {
                int at = cursors[r];
                if (!IsValid(validity, r)) { destination[at] = 0; cursors[r] = at + 1; continue; }
                destination[at++] = 1;
                var (start, end) = Range(r);
                ulong length = (ulong)(end - start);
                while (length >= 0x80) { destination[at++] = (byte)(length | 0x80); length >>= 7; }
                destination[at++] = (byte)length;
                var value = values[(int)start..(int)end];
                value.CopyTo(destination.AsSpan(at));
                cursors[r] = at + value.Length;
            }
        }

        private static int VarLength(ulong value)
        {
            int n = 1;
            while (value >= 0x80) { value >>= 7; n++; }
            return n;
        }
    }

    private sealed class BinaryEncoder(ArrayData data) : VariableEncoder(data)
    {
        private readonly int[] _offsets = [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset, data.Length + 1)];

        protected override (long Start, long End) Range(int row) => (_offsets[row], _offsets[row + 1]);
    }

    private sealed class LargeBinaryEncoder(ArrayData data) : VariableEncoder(data)
    {
        private readonly long[] _offsets = [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span).Slice(data.Offset, data.Length + 1)];

        protected override (long Start, long End) Range(int row) => (_offsets[row], _offsets[row + 1]);
    }

    /// <summary>
    /// Decodes: each dictionary entry is encoded once (tag included), then every row copies its entry's bytes, so
    /// two batches with different dictionaries, or a dictionary and a plain column, give equal keys for equal values.
    /// </summary>
    private sealed class DictionaryEncoder : ColumnEncoder
    {
        private readonly byte[] _entries;
        private readonly int[] _entryOffsets;
        private readonly long[] _indices;

        public DictionaryEncoder(DictionaryArray array, string column) : base(array.Data)
        {
            var dictionary = array.Dictionary;
            int n = dictionary.Length;
            var lengths = new int[n];
            var values = For(dictionary, column);
            values.AddLengths(lengths);
            _entryOffsets = new int[n + 1];
            for (int i = 0; i < n; i++) _entryOffsets[i + 1] = _entryOffsets[i] + lengths[i];
            _entries = new byte[_entryOffsets[n]];
            var cursors = _entryOffsets[..n];
            values.Write(_entries, cursors);
            _indices = ReadIndices(array.Indices.Data);
        }

        private static long[] ReadIndices(ArrayData indices)
        {
            int width = ((FixedWidthType)indices.DataType).BitWidth / 8;
            bool signed = indices.DataType is Int8Type or Int16Type or Int32Type or Int64Type;
            var bytes = indices.Buffers[1].Span[(indices.Offset * width)..];
            var result = new long[indices.Length];
            for (int r = 0; r < result.Length; r++)
            {
                var v = bytes.Slice(r * width, width);
                result[r] = width switch
                {
                    1 => signed ? (sbyte)v[0] : v[0],
                    2 => signed ? BinaryPrimitives.ReadInt16LittleEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v),
                    4 => signed ? BinaryPrimitives.ReadInt32LittleEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(v),
                };
            }
            return result;
        }

        private ReadOnlySpan<byte> Entry(int row)
        {
            int index = (int)_indices[row];
            return _entries.AsSpan(_entryOffsets[index], _entryOffsets[index + 1] - _entryOffsets[index]);
        }

        public override void AddLengths(Span<int> lengths)
        {
            var validity = Validity;
            for (int r = 0; r < lengths.Length; r++) lengths[r] += IsValid(validity, r) ? Entry(r).Length : 1;
        }

        public override void Write(byte[] destination, Span<int> cursors)
        {
            var validity = Validity;
            for (int r = 0; r < cursors.Length; r++)
            {
                int at = cursors[r];
                if (!IsValid(validity, r)) { destination[at] = 0; cursors[r] = at + 1; continue; }
                var entry = Entry(r);
                entry.CopyTo(destination.AsSpan(at));
                cursors[r] = at + entry.Length;
            }
        }
    }
}
