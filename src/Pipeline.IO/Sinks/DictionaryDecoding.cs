using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sinks;

/// <summary>
/// Turns dictionary-encoded columns into plain columns of their value type. The Arrow IPC sinks use it because
/// Apache.Arrow's <c>ArrowStreamWriter</c> writes a dictionary only once per stream: a later batch with a different
/// dictionary would be written against the first one and read back wrong. Plain values are always correct.
/// Supported value types: strings, binary, booleans and every fixed-width type (integers, floats, dates, times,
/// timestamps, decimals, fixed-size binary); dictionaries may sit at the top level or inside structs and lists.
/// </summary>
internal static class DictionaryDecoding
{
    /// <summary>The schema with every dictionary field (also inside structs and lists) replaced by a nullable field
    /// of its value type.</summary>
    /// <exception cref="PipelineException">A dictionary sits inside another nested type, or has an unsupported value type.</exception>
    public static Schema PlainSchema(Schema schema, string target)
        => new(schema.FieldsList.Select(f => PlainField(f, f.Name, target)), schema.Metadata);

    /// <summary>A batch with the same columns, dictionary columns decoded. The new arrays the caller must dispose
    /// after writing are returned separately; everything else is shared with <paramref name="batch"/>.</summary>
    public static (RecordBatch Batch, List<IArrowArray> Decoded) Decode(RecordBatch batch, Schema plainSchema, string target)
    {
        var arrays = new List<IArrowArray>(batch.ColumnCount);
        var decoded = new List<IArrowArray>();
        for (int i = 0; i < batch.ColumnCount; i++)
            arrays.Add(DecodeArray(batch.Column(i), plainSchema.FieldsList[i].DataType, plainSchema.FieldsList[i].Name, target, decoded));
        return (new RecordBatch(plainSchema, arrays, batch.Length), decoded);
    }

    private static Field PlainField(Field field, string column, string target)
    {
        if (!ContainsDictionary(field.DataType)) return field;
        // A decoded dictionary column can hold nulls from its dictionary even where its indices are all valid.
        bool nullable = field.DataType is DictionaryType || field.IsNullable;
        return new Field(field.Name, PlainType(field.DataType, column, target), nullable, field.Metadata);
    }

    private static IArrowType PlainType(IArrowType type, string column, string target)
    {
        switch (type)
        {
            case DictionaryType dictionary:
                RequireSupported(dictionary.ValueType, column, target);
                return dictionary.ValueType;
            case StructType structType:
                return new StructType(structType.Fields.Select(f => PlainField(f, column, target)).ToList());
            case ListType list when list.GetType() == typeof(ListType):
                return new ListType(PlainField(list.ValueField, column, target));
            default:
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"{target}: column '{column}' has a dictionary nested inside {type.Name}, which cannot be decoded for writing (only inside structs and lists)");
        }
    }

    // Rebuilds only the arrays on the path to a dictionary; struct validity, list offsets and every other column are
    // shared with the input, so only the decoded leaves are new memory.
    private static IArrowArray DecodeArray(IArrowArray array, IArrowType plainType, string column, string target, List<IArrowArray> decoded)
    {
        if (!ContainsDictionary(array.Data.DataType)) return array;
        switch (array)
        {
            case DictionaryArray dictionary:
                var plain = Decode(dictionary, column, target);
                decoded.Add(plain);
                return plain;
            case StructArray structArray when plainType is StructType structType:
                var children = structArray.Fields.Select((child, i) => DecodeArray(child, structType.Fields[i].DataType, column, target, decoded)).ToList();
                return new StructArray(structType, structArray.Length, children, structArray.NullBitmapBuffer, structArray.NullCount, structArray.Offset);
            case ListArray list when plainType is ListType listType:
                var values = DecodeArray(list.Values, listType.ValueDataType, column, target, decoded);
                return new ListArray(listType, list.Length, list.ValueOffsetsBuffer, values, list.NullBitmapBuffer, list.NullCount, list.Offset);
            default:
                throw new PipelineException(PipelineErrorKind.Internal, $"{target}: column '{column}': no decoder for {array.Data.DataType.Name}");
        }
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
