using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Arrays;

/// <summary>
/// Picks rows of an array or a batch by ascending row numbers (a filter's survivors) into new, managed arrays that
/// reference nothing of the input, so the input can be disposed right after. Fixed-width values are copied with
/// typed spans, strings through their offsets, validity bit by bit only where the input has nulls; a dictionary
/// column picks its indices and keeps a copy of its dictionary. Nested types are assembled from slices of consecutive rows.
/// </summary>
public static class ArraySelection
{
    /// <summary>Rows <paramref name="rows"/> (ascending, within the batch) of every column.</summary>
    public static RecordBatch Select(RecordBatch batch, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columns = new IArrowArray[batch.ColumnCount];
        for (int c = 0; c < columns.Length; c++) columns[c] = Select(batch.Column(c), rows);
        return new RecordBatch(batch.Schema, columns, rows.Length);
    }

    /// <summary>Rows <paramref name="rows"/> (ascending) of <paramref name="array"/>.</summary>
    public static IArrowArray Select(IArrowArray array, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(array);
        var data = array.Data;
        switch (data.DataType)
        {
            case DictionaryType:
            {
                var dictionary = (DictionaryArray)array;
                var indices = Select(dictionary.Indices, rows);
                // The dictionary is copied too (buffer by buffer, it is small next to the rows): it may live in the
                // input's memory (a Parquet reader's batch), which is freed when the input is disposed.
                return new DictionaryArray((DictionaryType)data.DataType, indices, ArrowArrayFactory.BuildArray(Copy(dictionary.Dictionary.Data)));
            }
            case BooleanType:
                return ArrowArrayFactory.BuildArray(new ArrayData(data.DataType, rows.Length, NullCount(data, rows, out var v1), 0, [v1, Bits(data, 1, rows)]));
            case StringType or BinaryType:
                return ArrowArrayFactory.BuildArray(Binary<int>(data, rows));
            case LargeStringType or LargeBinaryType:
                return ArrowArrayFactory.BuildArray(Binary<long>(data, rows));
            case FixedWidthType { BitWidth: 8 or 16 or 32 or 64 or 128 or 256 } fixedWidth:
                return ArrowArrayFactory.BuildArray(new ArrayData(data.DataType, rows.Length, NullCount(data, rows, out var v2), 0,
                    [v2, new ArrowBuffer(Fixed(data, fixedWidth.BitWidth / 8, rows))]));
            default:
                return BySlices(array, rows);
        }
    }

    /// <summary>A copy of <paramref name="data"/> in managed memory, buffer by buffer (children and dictionary included).</summary>
    private static ArrayData Copy(ArrayData data)
        => new(data.DataType, data.Length, data.NullCount, data.Offset,
            [.. data.Buffers.Select(b => b.IsEmpty ? ArrowBuffer.Empty : new ArrowBuffer(b.Span.ToArray()))],
            data.Children?.Select(Copy).ToArray(), data.Dictionary is { } dictionary ? Copy(dictionary) : null);

    /// <summary>The validity of the picked rows (empty when none is null) and their null count.</summary>
    private static int NullCount(ArrayData data, ReadOnlySpan<int> rows, out ArrowBuffer validity)
    {
        if (data.NullCount == 0 || data.Buffers[0].IsEmpty)
        {
            validity = ArrowBuffer.Empty;
            return 0;
        }
        var bits = Bits(data, 0, rows);
        int valid = 0;
        var span = bits.Span;
        for (int i = 0; i < rows.Length; i++) valid += (span[i >> 3] >> (i & 7)) & 1;
        validity = valid == rows.Length ? ArrowBuffer.Empty : bits;
        return rows.Length - valid;
    }

    private static ArrowBuffer Bits(ArrayData data, int buffer, ReadOnlySpan<int> rows)
    {
        var source = data.Buffers[buffer].Span;
        var bits = new byte[(rows.Length + 7) / 8];
        int offset = data.Offset;
        for (int i = 0; i < rows.Length; i++)
        {
            int bit = offset + rows[i];
            bits[i >> 3] |= (byte)(((source[bit >> 3] >> (bit & 7)) & 1) << (i & 7));
        }
        return new ArrowBuffer(bits);
    }

    /// <summary>Whether <paramref name="rows"/> are one run of consecutive rows: then values and offsets are copied as
    /// blocks instead of row by row. Each row is checked (a list with a repeated row and a gap has the same ends).</summary>
    public static bool Consecutive(ReadOnlySpan<int> rows)
    {
        if (rows.Length < 2 || rows[^1] - rows[0] != rows.Length - 1) return false;
        int first = rows[0];
        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i] != first + i) return false;
        }
        return true;
    }

    private static byte[] Fixed(ArrayData data, int width, ReadOnlySpan<int> rows)
    {
        var output = new byte[rows.Length * width];
        var source = data.Buffers[1].Span[(data.Offset * width)..];
        if (Consecutive(rows))
        {
            source.Slice(rows[0] * width, rows.Length * width).CopyTo(output);
            return output;
        }
        switch (width)
        {
            case 8: Copy(MemoryMarshal.Cast<byte, long>(source), MemoryMarshal.Cast<byte, long>(output.AsSpan()), rows); break;
            case 4: Copy(MemoryMarshal.Cast<byte, int>(source), MemoryMarshal.Cast<byte, int>(output.AsSpan()), rows); break;
            case 2: Copy(MemoryMarshal.Cast<byte, short>(source), MemoryMarshal.Cast<byte, short>(output.AsSpan()), rows); break;
            case 1: Copy(source, output.AsSpan(), rows); break;
            default:
                for (int i = 0; i < rows.Length; i++) source.Slice(rows[i] * width, width).CopyTo(output.AsSpan(i * width, width));
                break;
        }
        return output;
    }

    private static void Copy<T>(ReadOnlySpan<T> source, Span<T> output, ReadOnlySpan<int> rows)
    {
        // The filter's hot loop: the output is checked once for every row, so only the read keeps its check.
        if (output.Length < rows.Length) throw new ArgumentException("the output is shorter than the selection", nameof(output));
        ref T to = ref MemoryMarshal.GetReference(output);
        for (int i = 0; i < rows.Length; i++) Unsafe.Add(ref to, i) = source[rows[i]];
    }

    private static ArrayData Binary<TOffset>(ArrayData data, ReadOnlySpan<int> rows) where TOffset : unmanaged
    {
        bool large = typeof(TOffset) == typeof(long);
        int nulls = NullCount(data, rows, out var validity);
        var bytes = data.Buffers[2].Span;
        long total = 0;
        if (large)
        {
            var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span)[data.Offset..];
            for (int i = 0; i < rows.Length; i++) total += offsets[rows[i] + 1] - offsets[rows[i]];
        }
        else
        {
            var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[data.Offset..];
            for (int i = 0; i < rows.Length; i++) total += offsets[rows[i] + 1] - offsets[rows[i]];
        }
        if (total > System.Array.MaxLength || (!large && total > int.MaxValue))
            throw new InvalidOperationException($"{rows.Length} selected rows hold {total} bytes, more than one array can; use a smaller batch size");
        var values = new byte[total];
        var outOffsets = new byte[(rows.Length + 1) * (large ? 8 : 4)];
        long at = 0;
        if (!large && Consecutive(rows))
        {
            // One run (a join's probe side, a filter that kept a block): the bytes in one copy, the offsets rebased.
            var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(data.Offset + rows[0], rows.Length + 1);
            var output = MemoryMarshal.Cast<byte, int>(outOffsets.AsSpan());
            int first = offsets[0];
            bytes.Slice(first, (int)total).CopyTo(values);
            for (int i = 0; i <= rows.Length; i++) output[i] = offsets[i] - first;
        }
        else if (large)
        {
            var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span)[data.Offset..];
            var output = MemoryMarshal.Cast<byte, long>(outOffsets.AsSpan());
            for (int i = 0; i < rows.Length; i++)
            {
                long start = offsets[rows[i]], length = offsets[rows[i] + 1] - start;
                bytes.Slice((int)start, (int)length).CopyTo(values.AsSpan((int)at));
                at += length;
                output[i + 1] = at;
            }
        }
        else
        {
            var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[data.Offset..];
            var output = MemoryMarshal.Cast<byte, int>(outOffsets.AsSpan());
            for (int i = 0; i < rows.Length; i++)
            {
                int start = offsets[rows[i]], length = offsets[rows[i] + 1] - start;
                bytes.Slice(start, length).CopyTo(values.AsSpan((int)at));
                at += length;
                output[i + 1] = (int)at;
            }
        }
        return new ArrayData(data.DataType, rows.Length, nulls, 0, [validity, new ArrowBuffer(outOffsets), new ArrowBuffer(values)]);
    }

    /// <summary>Any other type: runs of consecutive rows sliced and concatenated (which copies).</summary>
    private static IArrowArray BySlices(IArrowArray array, ReadOnlySpan<int> rows)
    {
        var pieces = new List<IArrowArray>();
        for (int i = 0; i < rows.Length;)
        {
            int start = rows[i], length = 1;
            while (i + length < rows.Length && rows[i + length] == start + length) length++;
            pieces.Add(ArrowArrayFactory.Slice(array, start, length));
            i += length;
        }
        // Concatenation copies; with a single piece it would hand the slice back, so an empty piece joins it.
        while (pieces.Count < 2) pieces.Add(ArrowArrayFactory.Slice(array, 0, 0));
        return ArrowArrayConcatenator.Concatenate(pieces);
    }
}
