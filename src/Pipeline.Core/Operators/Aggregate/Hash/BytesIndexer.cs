using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Key columns of strings, binaries and decimals (their 16 bytes): the value's bytes are hashed where they lie
/// (<see cref="BytesHash"/>) and compared with the key copied when its group was created, so a row allocates
/// nothing. Open addressing (linear probing, at most half full) whose slots pack 32 hash bits with the id, so most
/// misses never touch a key. Id i's bytes are entry i of the arena (the NULL id's entry is empty and in no slot).
/// </summary>
internal sealed class BytesIndexer : ColumnIndexer
{
    private ulong[] _slots = new ulong[16]; // hash high 32 bits << 32 | id + 1; 0 is empty
    private int[] _starts = new int[17];
    private byte[] _arena = new byte[1024];
    private int _entries;

    public override long Bytes => base.Bytes + _slots.Length * 8L + _starts.Length * 4L + _arena.Length;

    protected override void MapPlain(ArrayData data, Span<int> ids, List<int>? newRows, bool add)
    {
        int n = data.Length;
        var validity = Validity(data);
        int offset = data.Offset;
        switch (data.DataType)
        {
            case Decimal128Type:
            {
                var values = data.Buffers[1].Span;
                for (int r = 0; r < n; r++)
                {
                    if (!IsValid(validity, offset + r)) { ids[r] = AddNull(r, newRows, add); continue; }
                    ids[r] = Lookup(values.Slice((offset + r) * 16, 16), r, newRows, add);
                }
                break;
            }
            case LargeStringType or LargeBinaryType:
            {
                var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span).Slice(offset, n + 1);
                var values = data.Buffers[2].Span;
                for (int r = 0; r < n; r++)
                {
                    if (!IsValid(validity, offset + r)) { ids[r] = AddNull(r, newRows, add); continue; }
                    ids[r] = Lookup(values[(int)offsets[r]..(int)offsets[r + 1]], r, newRows, add);
                }
                break;
            }
            default:
            {
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(offset, n + 1);
                var values = data.Buffers[2].Span;
                if (validity.IsEmpty)
                {
                    // The common case gets a loop without the validity test.
                    for (int r = 0; r < n; r++) ids[r] = Lookup(values[offsets[r]..offsets[r + 1]], r, newRows, add);
                    break;
                }
                for (int r = 0; r < n; r++)
                {
                    if (!IsValid(validity, offset + r)) { ids[r] = AddNull(r, newRows, add); continue; }
                    ids[r] = Lookup(values[offsets[r]..offsets[r + 1]], r, newRows, add);
                }
                break;
            }
        }
    }

    protected override int Value(ArrayData data, int row, bool add)
    {
        int at = data.Offset + row;
        ReadOnlySpan<byte> key = data.DataType switch
        {
            Decimal128Type => data.Buffers[1].Span.Slice(at * 16, 16),
            LargeStringType or LargeBinaryType => data.Buffers[2].Span[(int)MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span)[at]..(int)MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span)[at + 1]],
            _ => data.Buffers[2].Span[MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[at]..MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span)[at + 1]],
        };
        return Lookup(key, row, null, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Lookup(ReadOnlySpan<byte> key, int row, List<int>? newRows, bool add)
    {
        ulong hash = BytesHash.Of(key);
        ulong tag = hash & 0xFFFF_FFFF_0000_0000UL;
        var slots = _slots;
        int mask = slots.Length - 1;
        int slot = (int)hash & mask;
        var starts = _starts;
        var arena = _arena;
        while (true)
        {
            ulong entry = slots[slot];
            if (entry == 0) break;
            if ((entry & 0xFFFF_FFFF_0000_0000UL) == tag)
            {
                int id = (int)(uint)entry - 1;
                int start = starts[id];
                if (starts[id + 1] - start == key.Length && arena.AsSpan(start, key.Length).SequenceEqual(key)) return id;
            }
            slot = (slot + 1) & mask;
        }
        if (!add) return -1;
        int next = Count;
        Append(next, key);
        slots[slot] = tag | (uint)(next + 1);
        Count = next + 1;
        newRows?.Add(row);
        if (Count * 2 > slots.Length) Grow();
        return next;
    }

    /// <summary>Copies id <paramref name="id"/>'s bytes, after empty entries for ids given to NULL meanwhile.</summary>
    private void Append(int id, ReadOnlySpan<byte> key)
    {
        if (id + 2 > _starts.Length) System.Array.Resize(ref _starts, Math.Max(id + 2, _starts.Length * 2));
        while (_entries < id)
        {
            _starts[_entries + 1] = _starts[_entries];
            _entries++;
        }
        int start = _starts[id];
        long end = (long)start + key.Length;
        if (end > _arena.Length)
        {
            if (end > System.Array.MaxLength)
                throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"aggregate keys exceed {System.Array.MaxLength} bytes in memory; set a memory limit so the aggregate spills");
            System.Array.Resize(ref _arena, (int)Math.Min(System.Array.MaxLength, Math.Max(end, _arena.Length * 2L)));
        }
        key.CopyTo(_arena.AsSpan(start));
        _starts[id + 1] = (int)end;
        _entries = id + 1;
    }

    private void Grow()
    {
        var slots = new ulong[_slots.Length * 2];
        int mask = slots.Length - 1;
        foreach (ulong entry in _slots)
        {
            if (entry == 0) continue;
            int id = (int)(uint)entry - 1;
            // The low hash bits are not kept: rehash the key (growing is rare and keys are short).
            ulong hash = BytesHash.Of(_arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]));
            int slot = (int)hash & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = entry;
        }
        _slots = slots;
    }
}
