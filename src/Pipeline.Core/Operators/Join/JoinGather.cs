using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// The join's gather of one output column, for the types that dominate joins: fixed-width values and strings or
/// binaries with 32-bit offsets. Every source buffer is pinned once per output batch and rows are copied through
/// pointers, rather than resolving a buffer's span per row as <see cref="RowGather"/> does (which made the
/// random-access gather of build columns most of a join's time). Other types go to <see cref="RowGather"/>.
/// </summary>
internal static unsafe class JoinGather
{
    /// <summary>Rows ahead whose source is prefetched: the build side's rows are random accesses larger than the caches.</summary>
    private const int Ahead = 16;

    /// <summary>Rows <paramref name="rows"/> of <paramref name="sources"/> (arrays of <paramref name="type"/>; <see cref="RowRef.Null"/> gives a null).</summary>
    public static IArrowArray Gather(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        if (type is BinaryType or StringType) return Binary(type, sources, rows);
        // Dictionaries (whose type is fixed-width: the indices) are decoded by RowGather.
        if (type is FixedWidthType { BitWidth: > 0 } fixedWidth && fixedWidth.BitWidth % 8 == 0 && type is not (BooleanType or DictionaryType))
            return Fixed(type, fixedWidth.BitWidth / 8, sources, rows);
        return RowGather.Gather(type, sources, rows);
    }

    /// <summary>Pointers into every source's buffers, pinned until disposed.</summary>
    private sealed class Pinned : IDisposable
    {
        private readonly List<MemoryHandle> _handles = [];
        public readonly byte*[] Validity;
        public readonly byte*[] Values;
        public readonly byte*[] Data;
        public readonly int[] Offset;

        public Pinned(IReadOnlyList<IArrowArray> sources, bool withData)
        {
            int n = sources.Count;
            Validity = new byte*[n];
            Values = new byte*[n];
            Data = new byte*[n];
            Offset = new int[n];
            for (int s = 0; s < n; s++)
            {
                var data = sources[s].Data;
                Offset[s] = data.Offset;
                if (data.NullCount != 0) Validity[s] = Pin(data.Buffers[0]);
                Values[s] = Pin(data.Buffers[1]);
                if (withData) Data[s] = Pin(data.Buffers[2]);
            }
        }

        private byte* Pin(ArrowBuffer buffer)
        {
            var handle = buffer.Memory.Pin();
            _handles.Add(handle);
            return (byte*)handle.Pointer;
        }

        public bool IsNull(RowRef row)
        {
            if (row.Source < 0) return true;
            byte* validity = Validity[row.Source];
            if (validity == null) return false;
            int bit = Offset[row.Source] + row.Row;
            return (validity[bit >> 3] & (1 << (bit & 7))) == 0;
        }

        public void Dispose()
        {
            foreach (var handle in _handles) handle.Dispose();
        }
    }

    private static (ArrowBuffer Bitmap, int Nulls) Validity(Pinned pinned, ReadOnlySpan<RowRef> rows)
    {
        byte[]? bitmap = null;
        int nulls = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            if (!pinned.IsNull(rows[i])) continue;
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

    private static IArrowArray Fixed(IArrowType type, int width, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        using var pinned = new Pinned(sources, withData: false);
        var (validity, nulls) = Validity(pinned, rows);
        // Not zeroed by the runtime (these are large-object-heap sized): every slot is written below, nulls with zeros.
        var values = GC.AllocateUninitializedArray<byte>(checked(rows.Length * width));
        var sourceValues = pinned.Values;
        var offsets = pinned.Offset;
        fixed (byte* destination = values)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                if (Sse.IsSupported && i + Ahead < rows.Length && rows[i + Ahead] is { Source: >= 0 } next)
                    Sse.Prefetch0(sourceValues[next.Source] + (long)(offsets[next.Source] + next.Row) * width);
                var row = rows[i];
                byte* to = destination + (long)i * width;
                if (row.Source < 0)
                {
                    new Span<byte>(to, width).Clear();
                    continue;
                }
                byte* from = sourceValues[row.Source] + (long)(offsets[row.Source] + row.Row) * width;
                switch (width)
                {
                    case 8: *(ulong*)to = *(ulong*)from; break;
                    case 4: *(uint*)to = *(uint*)from; break;
                    default: Buffer.MemoryCopy(from, to, width, width); break;
                }
            }
        }
        return ArrowArrayFactory.BuildArray(new ArrayData(type, rows.Length, nulls, 0, [validity, new ArrowBuffer(values)]));
    }

    private static IArrowArray Binary(IArrowType type, IReadOnlyList<IArrowArray> sources, ReadOnlySpan<RowRef> rows)
    {
        using var pinned = new Pinned(sources, withData: true);
        var (validity, nulls) = Validity(pinned, rows);
        var offsets = GC.AllocateUninitializedArray<byte>((rows.Length + 1) * 4);
        // Where each value starts: the rows' offsets are random reads into the build side, so each is read once,
        // here, and the copy below reads this list in order instead of the offsets again.
        var starts = ArrayPool<nint>.Shared.Rent(rows.Length);
        long total = 0;
        try
        {
            fixed (byte* offsetBytes = offsets)
            {
                int* outOffsets = (int*)offsetBytes;
                outOffsets[0] = 0;
                for (int i = 0; i < rows.Length; i++)
                {
                    if (Sse.IsSupported && i + Ahead < rows.Length && rows[i + Ahead] is { Source: >= 0 } next)
                        Sse.Prefetch0((int*)pinned.Values[next.Source] + pinned.Offset[next.Source] + next.Row);
                    var row = rows[i];
                    if (row.Source >= 0)
                    {
                        int* from = (int*)pinned.Values[row.Source] + pinned.Offset[row.Source] + row.Row;
                        starts[i] = (nint)(pinned.Data[row.Source] + from[0]);
                        total += from[1] - from[0];
                    }
                    if (total > int.MaxValue)
                        throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"{rows.Length} joined rows hold more than 2 GiB of {type.Name} values in one batch; use a smaller batch size");
                    outOffsets[i + 1] = (int)total;
                }
            }
            // Every byte is copied below.
            var bytes = GC.AllocateUninitializedArray<byte>((int)total);
            fixed (byte* destination = bytes)
            fixed (byte* offsetBytes = offsets)
            {
                int* outOffsets = (int*)offsetBytes;
                for (int i = 0; i < rows.Length; i++)
                {
                    if (Sse.IsSupported && i + Ahead < rows.Length && outOffsets[i + Ahead + 1] != outOffsets[i + Ahead])
                        Sse.Prefetch0((byte*)starts[i + Ahead]);
                    int length = outOffsets[i + 1] - outOffsets[i];
                    if (length == 0) continue;
                    byte* from = (byte*)starts[i];
                    byte* to = destination + outOffsets[i];
                    // Short values (codes, names) dominate joins: two overlapping words beat the general routine's call.
                    if (length <= 8) CopyShort(from, to, length);
                    else Buffer.MemoryCopy(from, to, length, length);
                }
            }
            return ArrowArrayFactory.BuildArray(new ArrayData(type, rows.Length, nulls, 0, [validity, new ArrowBuffer(offsets), new ArrowBuffer(bytes)]));
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(starts);
        }
    }

    /// <summary>Copies 1 to 8 bytes, reading and writing none outside them.</summary>
    private static void CopyShort(byte* from, byte* to, int length)
    {
        if (length >= 4)
        {
            Unsafe.WriteUnaligned(to, Unsafe.ReadUnaligned<uint>(from));
            Unsafe.WriteUnaligned(to + length - 4, Unsafe.ReadUnaligned<uint>(from + length - 4));
            return;
        }
        to[0] = from[0];
        if (length > 1) to[1] = from[1];
        if (length > 2) to[2] = from[2];
    }
}
