using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Rows;

/// <summary>
/// Copies chosen rows of one or several batches into new arrays (Arrow C# has no take kernel). Fixed-width,
/// boolean and binary/string columns are copied value by value; dictionary columns come out decoded to their value
/// type (spill files then never carry dictionaries, which Arrow C#'s stream writer cannot change mid-stream); any
/// other type is assembled from slices of consecutive rows, concatenated (which copies). The result owns managed buffers and references no source, so the
/// sources can be disposed (or unmapped) right after.
/// </summary>
internal static class RowGather
{
    /// <summary>The type a gathered column has: dictionaries decode to their value type, every other type stays.</summary>
    public static IArrowType OutputType(IArrowType type) => type is DictionaryType dictionary ? OutputType(dictionary.ValueType) : type;

    /// <summary>The schema gathered batches have (see <see cref="OutputType"/>).</summary>
    public static Schema OutputSchema(Schema schema)
    {
        if (!schema.FieldsList.Any(f => f.DataType is DictionaryType)) return schema;
        var builder = new Schema.Builder();
        foreach (var field in schema.FieldsList)
            builder.Field(new Field(field.Name, OutputType(field.DataType), field.IsNullable, field.Metadata));
        if (schema.Metadata is { } metadata) builder.Metadata(metadata);
        return builder.Build();
    }

    /// <summary>Rows <paramref name="rows"/> of <paramref name="sources"/> (all with <paramref name="schema"/>'s columns) as one batch.</summary>
    public static RecordBatch Gather(Schema schema, IReadOnlyList<RecordBatch?> sources, ReadOnlySpan<RowRef> rows)
    {
        var columns = new IArrowArray[schema.FieldsList.Count];
        var arrays = new IArrowArray[sources.Count];
        for (int c = 0; c < columns.Length; c++)
        {
            // A null source (a merge cursor already at its end) is never referenced by a row.
            for (int s = 0; s < arrays.Length; s++) arrays[s] = sources[s]?.Column(c)!;
            columns[c] = Gather(schema.FieldsList[c].DataType, arrays, rows);
        }
        return new RecordBatch(OutputSchema(schema), columns, rows.Length);
    }

    /// <summary>Rows <paramref name="rows"/> (in order) of one batch.</summary>
    public static RecordBatch Take(RecordBatch batch, ReadOnlySpan<int> rows)
    {
        var refs = new RowRef[rows.Length];
        for (int i = 0; i < rows.Length; i++) refs[i] = new RowRef(0, rows[i]);
        return Gather(batch.Schema, [batch], refs);
    }

    /// <summary>Rows <paramref name="rows"/> of <paramref name="sources"/> (arrays of type <paramref name="type"/>) as one array.</summary>
    public static IArrowArray Gather(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        switch (type)
        {
            case DictionaryType dictionary: return GatherDictionary(dictionary, sources, rows);
            case BooleanType: return ArrowArrayFactory.BuildArray(GatherBoolean(type, sources, rows));
            case BinaryType or StringType: return ArrowArrayFactory.BuildArray(GatherBinary<int>(type, sources, rows));
            case LargeBinaryType or LargeStringType: return ArrowArrayFactory.BuildArray(GatherBinary<long>(type, sources, rows));
            case FixedWidthType { BitWidth: > 0 } fixedWidth when fixedWidth.BitWidth % 8 == 0:
                return ArrowArrayFactory.BuildArray(GatherFixed(type, fixedWidth.BitWidth / 8, sources, rows));
            default: return GatherBySlices(type, sources, rows);
        }
    }

    private static bool IsNull(IReadOnlyList<IArrowArray> sources, RowRef row) => row.Source < 0 || sources[row.Source].IsNull(row.Row);

    /// <summary>Validity bitmap of the gathered rows, or an empty buffer when none is null.</summary>
    private static (ArrowBuffer Bitmap, int Nulls) Validity(IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        int nulls = 0;
        byte[]? bitmap = null;
        for (int i = 0; i < rows.Length; i++)
        {
            if (!IsNull(sources, rows[i])) continue;
            if (bitmap is null)
            {
                bitmap = new byte[(rows.Length + 7) / 8];
                bitmap.AsSpan().Fill(0xFF);
            }
            bitmap[i >> 3] &= (byte)~(1 << (i & 7));
            nulls++;
        }
        return (bitmap is null ? ArrowBuffer.Empty : new ArrowBuffer(bitmap), nulls);
    }

    private static ArrayData GatherFixed(IArrowType type, int width, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        var (validity, nulls) = Validity(sources, rows);
        var values = new byte[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row.Source < 0) continue;
            var data = sources[row.Source].Data;
            data.Buffers[1].Span.Slice((data.Offset + row.Row) * width, width).CopyTo(values.AsSpan(i * width, width));
        }
        return new ArrayData(type, rows.Length, nulls, 0, [validity, new ArrowBuffer(values)]);
    }

    private static ArrayData GatherBoolean(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        var (validity, nulls) = Validity(sources, rows);
        var bits = new byte[(rows.Length + 7) / 8];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row.Source < 0) continue;
            var data = sources[row.Source].Data;
            int bit = data.Offset + row.Row;
            if ((data.Buffers[1].Span[bit >> 3] & (1 << (bit & 7))) != 0) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new ArrayData(type, rows.Length, nulls, 0, [validity, new ArrowBuffer(bits)]);
    }

    /// <summary>Binary and string columns with <typeparamref name="TOffset"/> (int or long) offsets.</summary>
    private static ArrayData GatherBinary<TOffset>(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
        where TOffset : unmanaged
    {
        bool large = typeof(TOffset) == typeof(long);
        var (validity, nulls) = Validity(sources, rows);
        long total = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Source >= 0) total += Value(sources[rows[i].Source].Data, rows[i].Row, large).Length;
        }
        if (total > System.Array.MaxLength || (!large && total > int.MaxValue))
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"{rows.Length} gathered rows hold {total} bytes of {type.Name} values, more than one array can; use a smaller batch size");
        var bytes = new byte[total];
        var offsets = new byte[(rows.Length + 1) * (large ? 8 : 4)];
        long at = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i].Source >= 0)
            {
                var value = Value(sources[rows[i].Source].Data, rows[i].Row, large);
                value.CopyTo(bytes.AsSpan((int)at));
                at += value.Length;
            }
            WriteOffset(offsets, i + 1, at, large);
        }
        return new ArrayData(type, rows.Length, nulls, 0, [validity, new ArrowBuffer(offsets), new ArrowBuffer(bytes)]);
    }

    private static void WriteOffset(byte[] offsets, int index, long value, bool large)
    {
        if (large) BinaryPrimitives.WriteInt64LittleEndian(offsets.AsSpan(index * 8), value);
        else BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(index * 4), (int)value);
    }

    private static ReadOnlySpan<byte> Value(ArrayData data, int row, bool large)
    {
        long start, end;
        if (large)
        {
            var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span);
            start = offsets[data.Offset + row];
            end = offsets[data.Offset + row + 1];
        }
        else
        {
            var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
            start = offsets[data.Offset + row];
            end = offsets[data.Offset + row + 1];
        }
        return data.Buffers[2].Span[(int)start..(int)end];
    }

    /// <summary>Decodes: each row becomes its dictionary entry (a null index a null value).</summary>
    private static IArrowArray GatherDictionary(DictionaryType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        var dictionaries = new IArrowArray[sources.Count];
        for (int s = 0; s < sources.Count; s++) dictionaries[s] = (sources[s] as DictionaryArray)?.Dictionary!;
        var entries = new RowRef[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (IsNull(sources, row)) { entries[i] = RowRef.Null; continue; }
            var indices = ((DictionaryArray)sources[row.Source]).Indices;
            entries[i] = new RowRef(row.Source, checked((int)Index(indices, row.Row)));
        }
        return Gather(type.ValueType, dictionaries, entries);
    }

    private static long Index(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.GetValue(row)!.Value,
        UInt8Array a => a.GetValue(row)!.Value,
        Int16Array a => a.GetValue(row)!.Value,
        UInt16Array a => a.GetValue(row)!.Value,
        Int32Array a => a.GetValue(row)!.Value,
        UInt32Array a => a.GetValue(row)!.Value,
        Int64Array a => a.GetValue(row)!.Value,
        UInt64Array a => checked((long)a.GetValue(row)!.Value),
        _ => throw new PipelineException(PipelineErrorKind.Schema, $"dictionary index type {indices.Data.DataType.Name} is not supported"),
    };

    /// <summary>Other types (nested, for example): concatenates one slice per run of consecutive rows.</summary>
    private static IArrowArray GatherBySlices(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        var pieces = new List<IArrowArray>();
        for (int i = 0; i < rows.Length;)
        {
            var first = rows[i];
            if (first.Source < 0)
                throw new PipelineException(PipelineErrorKind.Schema, $"type {type.Name} cannot be gathered with null placeholders");
            int length = 1;
            while (i + length < rows.Length && rows[i + length].Source == first.Source && rows[i + length].Row == first.Row + length) length++;
            pieces.Add(ArrowArrayFactory.Slice(sources[first.Source], first.Row, length));
            i += length;
        }
        if (pieces.Count == 0)
        {
            var any = sources.FirstOrDefault(s => s is not null)
                ?? throw new PipelineException(PipelineErrorKind.Schema, $"cannot build an empty {type.Name} array without a source");
            return ArrowArrayFactory.Slice(any, 0, 0);
        }
        // A lone slice would share the source's buffers, which the caller may unmap next: an empty second piece
        // makes the concatenation copy.
        if (pieces.Count == 1) pieces.Add(ArrowArrayFactory.Slice(pieces[0], 0, 0));
        return ArrowArrayConcatenator.Concatenate(pieces);
    }
}
