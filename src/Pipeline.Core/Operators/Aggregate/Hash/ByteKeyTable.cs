using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Open-addressing hash table (linear probing, at most half full) from byte keys to dense ids 0, 1, 2, … in order
/// of first insertion. Keys live back to back in one arena and each id keeps its 64-bit hash, so a probe compares
/// hashes before bytes and growing never rehashes a key. Used for groups (encoded key columns) and for the
/// (group, value) pairs of distinct counts and modes.
/// </summary>
internal sealed class ByteKeyTable
{
    private int[] _slots; // id + 1; 0 is empty
    private ulong[] _hashes = new ulong[16];
    private int[] _starts = new int[17];
    private byte[] _arena = new byte[1024];
    private int _mask;

    public ByteKeyTable(int capacity = 64)
    {
        int size = 16;
        while (size < capacity * 2) size <<= 1;
        _slots = new int[size];
        _mask = size - 1;
    }

    /// <summary>Keys inserted so far.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes the table holds (slots, hashes, key offsets and the key arena).</summary>
    public long Bytes => _slots.Length * 4L + _hashes.Length * 8L + _starts.Length * 4L + _arena.Length;

    /// <summary>The key of id <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> Key(int id) => _arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

    /// <summary>The id of <paramref name="key"/>, or -1 when absent.</summary>
    public int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        int slot = (int)hash & _mask;
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0) return -1;
            int id = entry - 1;
            if (_hashes[id] == hash && Key(id).SequenceEqual(key)) return id;
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The id of <paramref name="key"/>, inserting it (with the next id) when absent.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> key, ulong hash, out bool added)
    {
        int slot = (int)hash & _mask;
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0) break;
            int id = entry - 1;
            if (_hashes[id] == hash && Key(id).SequenceEqual(key))
            {
                added = false;
                return id;
            }
            slot = (slot + 1) & _mask;
        }
        added = true;
        int next = Count;
        Append(key, hash);
        _slots[slot] = next + 1;
        if (Count * 2 > _slots.Length) Grow();
        return next;
    }

    private void Append(ReadOnlySpan<byte> key, ulong hash)
    {
        int id = Count;
        if (id + 1 >= _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _starts, _hashes.Length + 1);
        }
        int start = _starts[id];
        long end = (long)start + key.Length;
        if (end > _arena.Length)
        {
            if (end > Array.MaxLength)
                throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"aggregate keys exceed {Array.MaxLength} bytes in memory; set a memory limit so the aggregate spills");
            Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max(end, _arena.Length * 2L)));
        }
        key.CopyTo(_arena.AsSpan(start));
        _starts[id + 1] = (int)end;
        _hashes[id] = hash;
        Count = id + 1;
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int id = 0; id < Count; id++)
        {
            int slot = (int)_hashes[id] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = id + 1;
        }
        _slots = slots;
        _mask = mask;
    }
}
