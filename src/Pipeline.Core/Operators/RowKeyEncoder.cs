using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators;

/// <summary>
/// Encodes a whole row into canonical bytes: two rows are equal (nulls equal nulls, as in SQL DISTINCT) exactly
/// when their keys are byte-equal. Per column: a tag (0 null, 1 value) then the value: fixed-width values as their
/// little-endian bytes (integers, dates, times, timestamps, durations, decimals), floats with every NaN made one NaN
/// and -0 made +0, booleans as one byte, strings and binaries length-prefixed, dictionaries decoded to their values.
/// Half floats are compared by their bits. Nested types are refused.
/// </summary>
internal sealed class RowKeyEncoder
{
    private delegate void ValueWriter(int row, KeyBuffer key);

    private readonly Schema _schema;
    private ValueWriter[] _writers = [];
    private RecordBatch? _batch;

    public RowKeyEncoder(Schema schema)
    {
        _schema = schema;
        foreach (var field in schema.FieldsList) Check(field.Name, field.DataType);
    }

    /// <summary>The key buffer holding the last encoded row.</summary>
    public KeyBuffer Key { get; } = new();

    /// <summary>Encodes row <paramref name="row"/> of <paramref name="batch"/> into <see cref="Key"/>.</summary>
    public ReadOnlySpan<byte> Encode(RecordBatch batch, int row)
    {
        if (!ReferenceEquals(batch, _batch)) Bind(batch);
        Key.Clear();
        foreach (var writer in _writers) writer(row, Key);
        return Key.Span;
    }

    private void Bind(RecordBatch batch)
    {
        if (batch.ColumnCount != _schema.FieldsList.Count)
            throw new PipelineException(PipelineErrorKind.Schema, $"batch has {batch.ColumnCount} columns, the stream's schema {_schema.FieldsList.Count}");
        _writers = new ValueWriter[batch.ColumnCount];
        for (int c = 0; c < batch.ColumnCount; c++) _writers[c] = Writer(batch.Column(c), _schema.FieldsList[c].Name);
        _batch = batch;
    }

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

    private static ValueWriter Writer(IArrowArray array, string column)
    {
        ValueWriter value = array switch
        {
            DictionaryArray dictionary => DictionaryWriter(dictionary, column),
            BooleanArray booleans => (row, key) => key.WriteByte(booleans.GetValue(row) == true ? (byte)1 : (byte)0),
            LargeBinaryArray large => (row, key) => { var v = large.GetBytes(row); key.WriteVarUInt((ulong)v.Length); key.Write(v); },
            BinaryArray binary => (row, key) => { var v = binary.GetBytes(row); key.WriteVarUInt((ulong)v.Length); key.Write(v); },
            FloatArray floats => (row, key) => key.WriteUInt32(CanonicalBits(floats.Values[row])),
            DoubleArray doubles => (row, key) => key.WriteUInt64(CanonicalBits(doubles.Values[row])),
            _ when array.Data.DataType is FixedWidthType { BitWidth: > 0 } fixedWidth && fixedWidth.BitWidth % 8 == 0
                => FixedWidthWriter(array.Data, fixedWidth.BitWidth / 8),
            _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}': type {array.Data.DataType.Name} is not supported for exact distinct counting"),
        };
        return (row, key) =>
        {
            if (array.IsNull(row)) { key.WriteByte(0); return; }
            key.WriteByte(1);
            value(row, key);
        };
    }

    private static ValueWriter FixedWidthWriter(ArrayData data, int width)
    {
        var values = data.Buffers[1];
        int offset = data.Offset;
        return (row, key) => key.Write(values.Span.Slice((offset + row) * width, width));
    }

    private static ValueWriter DictionaryWriter(DictionaryArray dictionary, string column)
    {
        // Decoding makes two batches with different dictionaries (or a dictionary and a plain column) agree.
        var values = Writer(dictionary.Dictionary, column);
        var indices = dictionary.Indices.Data;
        int width = ((FixedWidthType)indices.DataType).BitWidth / 8;
        bool signed = indices.DataType is Int8Type or Int16Type or Int32Type or Int64Type;
        return (row, key) =>
        {
            var bytes = indices.Buffers[1].Span.Slice((indices.Offset + row) * width, width);
            long index = width switch
            {
                1 => signed ? (sbyte)bytes[0] : bytes[0],
                2 => signed ? BitConverter.ToInt16(bytes) : BitConverter.ToUInt16(bytes),
                4 => signed ? BitConverter.ToInt32(bytes) : BitConverter.ToUInt32(bytes),
                _ => BitConverter.ToInt64(bytes),
            };
            // The dictionary writer writes its own null tag; drop it since the row's tag was written already: the
            // decoded value of a valid index is encoded as tag + value, so a null dictionary entry reads as null.
            key.Rewind(1);
            values((int)index, key);
        };
    }

    private static uint CanonicalBits(float value)
        => float.IsNaN(value) ? 0x7FC00000u : value == 0f ? 0u : BitConverter.SingleToUInt32Bits(value);

    private static ulong CanonicalBits(double value)
        => double.IsNaN(value) ? 0x7FF8000000000000UL : value == 0d ? 0UL : BitConverter.DoubleToUInt64Bits(value);
}
