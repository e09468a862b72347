using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sinks;

/// <summary>
/// Turns dictionary-encoded columns into plain columns of their value type. The Arrow IPC sinks use it because
/// Apache.Arrow's <c>ArrowStreamWriter</c> writes a dictionary only once per stream: a later batch with a different
/// dictionary would be written against the first one and read back wrong. Plain values are always correct.
/// Supported value types: strings, binary, booleans and every fixed-width type (integers, floats, dates, times,
/// timestamps, decimals, fixed-size binary).
/// </summary>
internal static class DictionaryDecoding
{
    /// <summary>The schema with every top-level dictionary field replaced by a nullable field of its value type.</summary>
    /// <exception cref="PipelineException">A dictionary is nested inside another type, or has an unsupported value type.</exception>
    public static Schema PlainSchema(Schema schema, string target)
    {
        var fields = new List<Field>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList)
        {
            if (field.DataType is DictionaryType dictionary)
            {
                RequireSupported(dictionary.ValueType, field.Name, target);
                fields.Add(new Field(field.Name, dictionary.ValueType, nullable: true, field.Metadata));
            }
            else
            {
                if (ContainsDictionary(field.DataType))
                    throw new PipelineException(PipelineErrorKind.Schema,
                        $"{target}: column '{field.Name}' has a dictionary nested inside {field.DataType.Name}, which the Arrow IPC writer cannot write safely");
                fields.Add(field);
            }
        }
        return new Schema(fields, schema.Metadata);
    }

    /// <summary>True when any field (at any depth) is dictionary-encoded.</summary>
    public static bool HasDictionaries(Schema schema) => schema.FieldsList.Any(f => ContainsDictionary(f.DataType));

    /// <summary>A batch with the same columns, dictionary columns decoded (new arrays the caller disposes via the
    /// returned list; the other columns are shared with <paramref name="batch"/>).</summary>
    public static (RecordBatch Batch, List<IArrowArray> Decoded) Decode(RecordBatch batch, Schema plainSchema, string target)
    {
        var arrays = new List<IArrowArray>(batch.ColumnCount);
        var decoded = new List<IArrowArray>();
        for (int i = 0; i < batch.ColumnCount; i++)
        {
            if (batch.Column(i) is DictionaryArray dictionary)
            {
                var plain = Decode(dictionary, batch.Schema.FieldsList[i].Name, target);
                decoded.Add(plain);
                arrays.Add(plain);
            }
            else arrays.Add(batch.Column(i));
        }
        return (new RecordBatch(plainSchema, arrays, batch.Length), decoded);
    }

    /// <summary>Decodes one dictionary array into a plain array of its value type.</summary>
    public static IArrowArray Decode(DictionaryArray array, string column, string target)
    {
        var values = array.Dictionary;
        var type = values.Data.DataType;
        RequireSupported(type, column, target);
        int length = array.Length;
        var validity = new ArrowBuffer.BitmapBuilder(length);
        int nullCount = 0;
        var rowIndex = new int[length];
        for (int row = 0; row < length; row++)
        {
            long index = IndexAt(array.Indices, row);
            if (index >= values.Length || index < -1)
                throw PipelineException.InvalidInput(target, $"column '{column}': dictionary index {index} is outside the {values.Length}-entry dictionary");
            bool valid = index >= 0 && values.IsValid((int)index);
            validity.Append(valid);
            if (!valid) nullCount++;
            rowIndex[row] = valid ? (int)index : -1;
        }
        var validityBuffer = nullCount == 0 ? ArrowBuffer.Empty : validity.Build();
        ArrowBuffer[] buffers = values switch
        {
            BinaryArray binary => GatherBinary(binary, rowIndex, validityBuffer),
            BooleanArray booleans => [validityBuffer, GatherBits(booleans, rowIndex)],
            _ => [validityBuffer, GatherFixedWidth(values, ((FixedWidthType)type).BitWidth / 8, rowIndex)],
        };
        return ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0, buffers));
    }

    private static ArrowBuffer[] GatherBinary(BinaryArray values, int[] rowIndex, ArrowBuffer validity)
    {
        var offsets = new ArrowBuffer.Builder<int>(rowIndex.Length + 1);
        var bytes = new ArrowBuffer.Builder<byte>();
        long total = 0;
        offsets.Append(0);
        foreach (int index in rowIndex)
        {
            if (index >= 0)
            {
                var value = values.GetBytes(index);
                total += value.Length;
                if (total > int.MaxValue) throw new PipelineException(PipelineErrorKind.ResourcesExhausted, "decoded dictionary column exceeds 2 GiB in one batch");
                bytes.Append(value);
            }
            offsets.Append((int)total);
        }
        return [validity, offsets.Build(), bytes.Build()];
    }

    private static ArrowBuffer GatherBits(BooleanArray values, int[] rowIndex)
    {
        var bits = new ArrowBuffer.BitmapBuilder(rowIndex.Length);
        foreach (int index in rowIndex) bits.Append(index >= 0 && values.GetValue(index) == true);
        return bits.Build();
    }

    private static ArrowBuffer GatherFixedWidth(IArrowArray values, int width, int[] rowIndex)
    {
        var source = values.Data.Buffers[1].Span[(values.Data.Offset * width)..];
        var target = new byte[checked(rowIndex.Length * width)];
        for (int row = 0; row < rowIndex.Length; row++)
            if (rowIndex[row] >= 0)
                source.Slice(rowIndex[row] * width, width).CopyTo(target.AsSpan(row * width, width));
        return new ArrowBuffer(target);
    }

    private static long IndexAt(IArrowArray indices, int row)
    {
        if (indices.IsNull(row)) return -1;
        return indices switch
        {
            Int8Array a => a.GetValue(row)!.Value,
            Int16Array a => a.GetValue(row)!.Value,
            Int32Array a => a.GetValue(row)!.Value,
            Int64Array a => a.GetValue(row)!.Value,
            UInt8Array a => a.GetValue(row)!.Value,
            UInt16Array a => a.GetValue(row)!.Value,
            UInt32Array a => a.GetValue(row)!.Value,
            UInt64Array a => a.GetValue(row)!.Value > long.MaxValue ? long.MaxValue : (long)a.GetValue(row)!.Value,
            _ => throw new PipelineException(PipelineErrorKind.Schema, $"dictionary index type {indices.Data.DataType.Name} is not an integer"),
        };
    }

    private static void RequireSupported(IArrowType valueType, string column, string target)
    {
        bool ok = valueType is StringType or BinaryType or BooleanType
                  || (valueType is FixedWidthType fixedWidth && fixedWidth.BitWidth % 8 == 0 && fixedWidth.BitWidth > 0);
        if (!ok)
            throw new PipelineException(PipelineErrorKind.Schema,
                $"{target}: column '{column}' is dictionary-encoded with values of type {valueType.Name}, which cannot be decoded for writing");
    }

    private static bool ContainsDictionary(IArrowType type) => type switch
    {
        DictionaryType => true,
        NestedType nested => nested.Fields.Any(f => ContainsDictionary(f.DataType)),
        _ => false,
    };
}
