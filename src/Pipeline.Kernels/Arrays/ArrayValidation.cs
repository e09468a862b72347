using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Arrays;

/// <summary>
/// Checks that Arrow arrays from an untrusted producer (IPC files, standard input, worker processes) are
/// internally consistent before any kernel or writer reads them, following Arrow's own <c>ValidateFull</c> rules:
/// lengths and offsets non-negative; every buffer large enough for offset + length; the validity bitmap's null
/// count equal to the declared one; variable-size offsets monotonic and inside their data (or child); UTF-8 strings
/// valid value by value; dictionary indices inside the dictionary; list, map, struct and fixed-size-list children
/// long enough; union type ids declared and dense offsets inside their child; run ends increasing and covering the
/// array; view buffers inside their data buffers. Without this, a hostile offset makes a reader copy bytes from past
/// a buffer (or crash) and hand them to the output.
/// </summary>
/// <remarks>The checks are linear in the data and vectorized where they touch every value (offsets, UTF-8,
/// bitmaps), so they cost a small fraction of reading the bytes.</remarks>
public static class ArrayValidation
{
    /// <summary>Validates every column of <paramref name="batch"/>: one per schema field, each
    /// <see cref="RecordBatch.Length"/> long.</summary>
    /// <exception cref="InvalidDataException">The first problem found, naming the column.</exception>
    public static void Validate(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Length < 0) throw new InvalidDataException($"record batch length {batch.Length} is negative");
        // A batch message may declare fewer (or more) field nodes than the schema has fields; everything downstream
        // indexes columns by the schema's positions (found by fuzzing: ArgumentOutOfRange in the column projection).
        if (batch.ColumnCount != batch.Schema.FieldsList.Count)
            throw new InvalidDataException($"record batch holds {batch.ColumnCount} columns but the schema declares {batch.Schema.FieldsList.Count}");
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            var column = batch.Column(c);
            string name = batch.Schema.FieldsList[c].Name;
            if (column.Length != batch.Length)
                throw new InvalidDataException($"column '{name}' holds {column.Length} rows but the batch declares {batch.Length}");
            Validate(column.Data, name);
        }
    }

    /// <summary>Validates one array (and its children and dictionary).</summary>
    /// <param name="data">The array.</param>
    /// <param name="path">How the array is named in messages (a column name, <c>col.child</c>).</param>
    /// <exception cref="InvalidDataException">The first problem found.</exception>
    public static void Validate(ArrayData data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 0 || data.Offset < 0)
            throw Bad(path, $"length {data.Length} and offset {data.Offset} must not be negative");
        long end = (long)data.Offset + data.Length;
        switch (data.DataType)
        {
            case NullType:
                return;
            case UnionType union:
                ValidateUnion(data, union, path, end);
                return;
            case RunEndEncodedType:
                ValidateRunEnds(data, path, end);
                return;
        }
        ValidateNulls(data, path, end);
        switch (data.DataType)
        {
            case DictionaryType dictionary:
                ValidateDictionary(data, dictionary, path, end);
                break;
            case BooleanType:
                RequireBytes(data, 1, (end + 7) / 8, path, "values");
                break;
            case StringType:
                ValidateUtf8(data, path, ValidateOffsets<int>(data, path, end, DataLength(data, path)));
                break;
            case BinaryType:
                ValidateOffsets<int>(data, path, end, DataLength(data, path));
                break;
            case LargeStringType:
                ValidateUtf8(data, path, ValidateOffsets<long>(data, path, end, DataLength(data, path)));
                break;
            case LargeBinaryType:
                ValidateOffsets<long>(data, path, end, DataLength(data, path));
                break;
            case StringViewType or BinaryViewType:
                ValidateViews(data, path, end, data.DataType is StringViewType);
                break;
            case ListType or MapType:
                ValidateChildCount(data, path, 1);
                ValidateOffsets<int>(data, path, end, data.Children[0].Length);
                Validate(data.Children[0], path + ".item");
                break;
            case LargeListType:
                ValidateChildCount(data, path, 1);
                ValidateOffsets<long>(data, path, end, data.Children[0].Length);
                Validate(data.Children[0], path + ".item");
                break;
            case ListViewType:
                ValidateChildCount(data, path, 1);
                ValidateListViews<int>(data, path, end, data.Children[0].Length);
                Validate(data.Children[0], path + ".item");
                break;
            case LargeListViewType:
                ValidateChildCount(data, path, 1);
                ValidateListViews<long>(data, path, end, data.Children[0].Length);
                Validate(data.Children[0], path + ".item");
                break;
            case FixedSizeListType fixedList:
                ValidateChildCount(data, path, 1);
                if (data.Children[0].Length < end * fixedList.ListSize)
                    throw Bad(path, $"its child holds {data.Children[0].Length} values, fewer than {end} lists of {fixedList.ListSize}");
                Validate(data.Children[0], path + ".item");
                break;
            case StructType structType:
                ValidateChildCount(data, path, structType.Fields.Count);
                for (int i = 0; i < data.Children.Length; i++)
                {
                    if (data.Children[i].Length < end)
                        throw Bad(path, $"field '{structType.Fields[i].Name}' holds {data.Children[i].Length} values, fewer than the {end} rows");
                    Validate(data.Children[i], $"{path}.{structType.Fields[i].Name}");
                }
                break;
            case FixedWidthType fixedWidth:
                RequireBytes(data, 1, FixedWidthBytes(fixedWidth, end), path, "values");
                break;
            default:
                throw Bad(path, $"type {data.DataType.Name} cannot be validated, so it is not accepted from untrusted input");
        }
    }

    private static long FixedWidthBytes(FixedWidthType type, long values) => type switch
    {
        FixedSizeBinaryType binary => values * binary.ByteWidth,
        _ => values * (type.BitWidth / 8),
    };

    /// <summary>The validity bitmap is long enough and its unset bits are the declared null count.</summary>
    private static void ValidateNulls(ArrayData data, string path, long end)
    {
        var bitmap = Buffer(data, 0);
        if (bitmap.Length == 0)
        {
            if (data.NullCount > 0) throw Bad(path, $"declares {data.NullCount} nulls but has no validity bitmap");
            return;
        }
        if (bitmap.Length < (end + 7) / 8)
            throw Bad(path, $"validity bitmap of {bitmap.Length} bytes is too short for {end} rows");
        if (data.NullCount > data.Length) throw Bad(path, $"declares {data.NullCount} nulls in {data.Length} rows");
        if (data.NullCount >= 0)
        {
            int valid = BitUtility.CountBits(bitmap.Span, data.Offset, data.Length);
            if (data.Length - valid != data.NullCount)
                throw Bad(path, $"declares {data.NullCount} nulls but its validity bitmap marks {data.Length - valid}");
        }
    }

    /// <summary>Checks the offsets [offset, end] (int32 or int64) are non-negative, monotonic and at most
    /// <paramref name="limit"/>; returns (first, last) offsets of the slice.</summary>
    private static (long First, long Last) ValidateOffsets<T>(ArrayData data, string path, long end, long limit)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (data.Length == 0 && Buffer(data, 1).Length == 0) return (0, 0);
        RequireBytes(data, 1, (end + 1) * Unsafe.SizeOf<T>(), path, "offsets");
        var offsets = MemoryMarshal.Cast<byte, T>(Buffer(data, 1).Span)[data.Offset..(int)(end + 1)];
        long first = long.CreateTruncating(offsets[0]), last = long.CreateTruncating(offsets[^1]);
        if (first < 0) throw Bad(path, $"offset {first} at row 0 is negative");
        if (!NonDecreasing(offsets, out int row)) throw Bad(path, $"offsets decrease at row {row} ({offsets[row]} then {offsets[row + 1]})");
        if (last > limit) throw Bad(path, $"offset {last} at row {data.Length - 1} is past the end of its {limit}-value data");
        return (first, last);
    }

    /// <summary>Whether <paramref name="values"/> never decreases; otherwise the first index i with values[i+1] &lt; values[i].</summary>
    private static bool NonDecreasing<T>(ReadOnlySpan<T> values, out int at) where T : unmanaged, IBinaryInteger<T>
    {
        int i = 0;
        int width = Vector<T>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            // Compare each vector with the same values shifted by one element (an unaligned load); the scalar loop
            // below finds the exact row once a vector holds a decrease.
            for (; i + width < values.Length; i += width)
            {
                var current = new Vector<T>(values[i..]);
                var next = new Vector<T>(values[(i + 1)..]);
                if (Vector.LessThanAny(next, current)) break;
            }
        }
        for (; i + 1 < values.Length; i++)
        {
            if (values[i + 1] < values[i]) { at = i; return false; }
        }
        at = -1;
        return true;
    }

    private static long DataLength(ArrayData data, string path) => Buffer(data, 2).Length;

    /// <summary>Strings must be UTF-8 value by value: the bytes in use are valid UTF-8, and no value starts inside a
    /// character (a value starting on a continuation byte would split one).</summary>
    private static void ValidateUtf8(ArrayData data, string path, (long First, long Last) used)
    {
        if (used.Last <= used.First) return;
        var bytes = Buffer(data, 2).Span[(int)used.First..(int)used.Last];
        // ASCII (the common case) is valid UTF-8 and cannot be split inside a character: one vectorized pass.
        if (System.Text.Ascii.IsValid(bytes)) return;
        if (!Utf8.IsValid(bytes)) throw Bad(path, "holds invalid UTF-8");
        var offsets = Buffer(data, 1).Span;
        bool wide = data.DataType is LargeStringType;
        for (int i = data.Offset; i < data.Offset + data.Length; i++)
        {
            long start = wide ? BinaryPrimitives.ReadInt64LittleEndian(offsets[(i * 8)..]) : BinaryPrimitives.ReadInt32LittleEndian(offsets[(i * 4)..]);
            if (start < used.Last && (bytes[(int)(start - used.First)] & 0xC0) == 0x80)
                throw Bad(path, $"value at row {i - data.Offset} starts inside a UTF-8 character");
        }
    }

    /// <summary>Views: 16 bytes each; a long value (over 12 bytes) points into a data buffer, within its bounds.</summary>
    private static void ValidateViews(ArrayData data, string path, long end, bool utf8)
    {
        RequireBytes(data, 1, end * 16, path, "views");
        var views = Buffer(data, 1).Span;
        var bitmap = Buffer(data, 0);
        for (long i = data.Offset; i < end; i++)
        {
            if (bitmap.Length > 0 && !BitUtility.GetBit(bitmap.Span, (int)i)) continue;
            var view = views.Slice((int)(i * 16), 16);
            int length = BinaryPrimitives.ReadInt32LittleEndian(view);
            if (length < 0) throw Bad(path, $"view at row {i - data.Offset} has negative length {length}");
            ReadOnlySpan<byte> value;
            if (length <= 12) value = view.Slice(4, length);
            else
            {
                int buffer = BinaryPrimitives.ReadInt32LittleEndian(view[8..]);
                int offset = BinaryPrimitives.ReadInt32LittleEndian(view[12..]);
                if (buffer < 0 || buffer + 2 >= data.Buffers.Length)
                    throw Bad(path, $"view at row {i - data.Offset} names data buffer {buffer}, which does not exist");
                var target = data.Buffers[buffer + 2].Span;
                if (offset < 0 || (long)offset + length > target.Length)
                    throw Bad(path, $"view at row {i - data.Offset} reaches past its {target.Length}-byte data buffer");
                value = target.Slice(offset, length);
            }
            if (utf8 && !Utf8.IsValid(value)) throw Bad(path, $"value at row {i - data.Offset} is not valid UTF-8");
        }
    }

    /// <summary>List views (int32 or int64 offsets and sizes): every non-null view lies inside the child.</summary>
    private static void ValidateListViews<T>(ArrayData data, string path, long end, long childLength) where T : unmanaged, IBinaryInteger<T>
    {
        RequireBytes(data, 1, end * Unsafe.SizeOf<T>(), path, "offsets");
        RequireBytes(data, 2, end * Unsafe.SizeOf<T>(), path, "sizes");
        var offsets = MemoryMarshal.Cast<byte, T>(Buffer(data, 1).Span);
        var sizes = MemoryMarshal.Cast<byte, T>(Buffer(data, 2).Span);
        var bitmap = Buffer(data, 0);
        for (int i = data.Offset; i < end; i++)
        {
            if (bitmap.Length > 0 && !BitUtility.GetBit(bitmap.Span, i)) continue;
            long offset = long.CreateTruncating(offsets[i]), size = long.CreateTruncating(sizes[i]);
            if (offset < 0 || size < 0 || offset > childLength - size)
                throw Bad(path, $"list view at row {i - data.Offset} ({offset}, {size}) reaches past its {childLength}-value child");
        }
    }

    private static void ValidateDictionary(ArrayData data, DictionaryType type, string path, long end)
    {
        var dictionary = data.Dictionary ?? throw Bad(path, "has no dictionary");
        Validate(dictionary, path + ".dictionary");
        if (type.IndexType is not IntegerType index) throw Bad(path, $"dictionary index type {type.IndexType.Name} is not an integer");
        RequireBytes(data, 1, end * (index.BitWidth / 8), path, "dictionary indices");
        var indices = Buffer(data, 1).Span;
        var bitmap = Buffer(data, 0);
        long size = dictionary.Length;
        for (int i = data.Offset; i < end; i++)
        {
            if (bitmap.Length > 0 && !BitUtility.GetBit(bitmap.Span, i)) continue;
            long value = index.BitWidth switch
            {
                8 => index.IsSigned ? (sbyte)indices[i] : indices[i],
                16 => index.IsSigned ? BinaryPrimitives.ReadInt16LittleEndian(indices[(i * 2)..]) : BinaryPrimitives.ReadUInt16LittleEndian(indices[(i * 2)..]),
                32 => index.IsSigned ? BinaryPrimitives.ReadInt32LittleEndian(indices[(i * 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(indices[(i * 4)..]),
                _ => BinaryPrimitives.ReadInt64LittleEndian(indices[(i * 8)..]),
            };
            if (value < 0 || value >= size)
                throw Bad(path, $"dictionary index {value} at row {i - data.Offset} is outside the {size}-entry dictionary");
        }
    }

    private static void ValidateUnion(ArrayData data, UnionType type, string path, long end)
    {
        ValidateChildCount(data, path, type.Fields.Count);
        RequireBytes(data, 0, end, path, "type ids");
        var ids = Buffer(data, 0).Span;
        var childOf = new int[128];
        System.Array.Fill(childOf, -1);
        for (int c = 0; c < type.TypeIds.Length; c++)
            if (type.TypeIds[c] is >= 0 and < 128) childOf[type.TypeIds[c]] = c;
        bool dense = type.Mode == UnionMode.Dense;
        if (dense) RequireBytes(data, 1, end * 4, path, "union offsets");
        var offsets = dense ? MemoryMarshal.Cast<byte, int>(Buffer(data, 1).Span) : default;
        for (int i = data.Offset; i < end; i++)
        {
            sbyte id = (sbyte)ids[i];
            int child = id >= 0 ? childOf[id] : -1;
            if (child < 0)
                throw Bad(path, $"union type id {id} at row {i - data.Offset} is not one of the declared {string.Join(", ", type.TypeIds)}");
            if (dense && (offsets[i] < 0 || offsets[i] >= data.Children[child].Length))
                throw Bad(path, $"union offset {offsets[i]} at row {i - data.Offset} is outside its {data.Children[child].Length}-value child");
        }
        for (int c = 0; c < data.Children.Length; c++)
        {
            if (!dense && data.Children[c].Length < end)
                throw Bad(path, $"sparse union child {c} holds {data.Children[c].Length} values, fewer than the {end} rows");
            Validate(data.Children[c], $"{path}.{type.Fields[c].Name}");
        }
    }

    private static void ValidateRunEnds(ArrayData data, string path, long end)
    {
        ValidateChildCount(data, path, 2);
        var runEnds = data.Children[0];
        var values = data.Children[1];
        Validate(runEnds, path + ".run_ends");
        Validate(values, path + ".values");
        if (values.Length < runEnds.Length) throw Bad(path, $"{runEnds.Length} runs but only {values.Length} values");
        if (runEnds.NullCount > 0) throw Bad(path, "run ends hold nulls");
        if (end == 0) return;
        if (runEnds.Length == 0) throw Bad(path, "has rows but no runs");
        var width = ((FixedWidthType)runEnds.DataType).BitWidth / 8;
        var bytes = Buffer(runEnds, 1).Span;
        long previous = 0;
        for (int i = runEnds.Offset; i < runEnds.Offset + runEnds.Length; i++)
        {
            long value = width switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
                4 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
                _ => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
            };
            if (value <= previous) throw Bad(path, $"run end {value} at run {i - runEnds.Offset} does not increase");
            previous = value;
        }
        if (previous < end) throw Bad(path, $"runs end at {previous}, before the array's {end} rows");
    }

    private static void ValidateChildCount(ArrayData data, string path, int expected)
    {
        if (data.Children is null || data.Children.Length != expected)
            throw Bad(path, $"has {data.Children?.Length ?? 0} children, its type needs {expected}");
    }

    private static void RequireBytes(ArrayData data, int buffer, long bytes, string path, string what)
    {
        long have = Buffer(data, buffer).Length;
        if (have < bytes) throw Bad(path, $"{what} buffer of {have} bytes is too short for {data.Length} rows at offset {data.Offset} (needs {bytes})");
    }

    private static ArrowBuffer Buffer(ArrayData data, int index)
        => data.Buffers is { } buffers && index < buffers.Length ? buffers[index] : ArrowBuffer.Empty;

    private static InvalidDataException Bad(string path, string problem) => new($"column '{path}': {problem}");
}
