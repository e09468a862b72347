using System.Runtime.Intrinsics.X86;

namespace Pipeline.Kernels.Hashing;

/// <summary>
/// An open-addressing hash set of 64-bit keys (linear probing, one 8-byte slot per key, at most 70% full) made for
/// adding whole batches. A table of millions of keys is far larger than the CPU caches, so almost every insert is a
/// cache miss; <see cref="AddMany"/> prefetches the slot of a key a few positions ahead while it places the current
/// one, so the misses overlap instead of queueing one after another. Not thread-safe.
/// </summary>
public sealed unsafe class Int64HashSet
{
    /// <summary>Bytes per slot.</summary>
    public const int SlotBytes = sizeof(long);

    private const int PrefetchDistance = 16;
    private const int MinimumSlots = 1024;

    // Slot value 0 means empty; the key 0 itself is remembered in _hasZero.
    private long[] _slots = [];
    private bool _hasZero;

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the slot table (the set's whole footprint but a few fields).</summary>
    public long TableBytes => (long)_slots.Length * SlotBytes;

    /// <summary>
    /// The table bytes alive at once while making room for <paramref name="additional"/> more keys: the current
    /// table alone when it already has room, else the current and the grown table together (both exist while
    /// rehashing).
    /// </summary>
    public long PeakBytesToAdd(int additional)
    {
        int slots = SlotsFor((long)Count + additional);
        return slots <= _slots.Length ? TableBytes : TableBytes + (long)slots * SlotBytes;
    }

    /// <summary>Adds the keys whose <paramref name="skip"/> entry is not true (skip may be empty: add all), marks in
    /// <paramref name="duplicate"/> (same length as the keys) the ones already present, and returns how many were.</summary>
    public int AddMany(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate)
    {
        if (duplicate.Length < keys.Length) throw new ArgumentException("one duplicate flag per key is needed", nameof(duplicate));
        if (!skip.IsEmpty && skip.Length < keys.Length) throw new ArgumentException("one skip flag per key is needed", nameof(skip));
        Grow(SlotsFor((long)Count + keys.Length));
        int duplicates = 0;
        int mask = _slots.Length - 1;
        fixed (long* slots = _slots)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (Sse.IsSupported && i + PrefetchDistance < keys.Length)
                    Sse.Prefetch0(slots + (Mix(keys[i + PrefetchDistance]) & mask));
                duplicate[i] = false;
                if (!skip.IsEmpty && skip[i]) continue;
                if (!Add(slots, mask, keys[i])) { duplicate[i] = true; duplicates++; }
            }
        }
        return duplicates;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(long key)
    {
        if (key == 0) return _hasZero;
        if (_slots.Length == 0) return false;
        int mask = _slots.Length - 1;
        for (int index = Mix(key) & mask; ; index = (index + 1) & mask)
        {
            long slot = _slots[index];
            if (slot == key) return true;
            if (slot == 0) return false;
        }
    }

    /// <summary>Every key, in no particular order.</summary>
    public long[] ToArray()
    {
        var keys = new long[Count];
        int n = 0;
        if (_hasZero) keys[n++] = 0;
        foreach (long slot in _slots) if (slot != 0) keys[n++] = slot;
        return keys;
    }

    /// <summary>Drops every key and the table.</summary>
    public void Clear()
    {
        _slots = [];
        _hasZero = false;
        Count = 0;
    }

    private bool Add(long* slots, int mask, long key)
    {
        if (key == 0)
        {
            if (_hasZero) return false;
            _hasZero = true;
            Count++;
            return true;
        }
        for (int index = Mix(key) & mask; ; index = (index + 1) & mask)
        {
            long slot = slots[index];
            if (slot == key) return false;
            if (slot != 0) continue;
            slots[index] = key;
            Count++;
            return true;
        }
    }

    private void Grow(int slots)
    {
        if (slots <= _slots.Length) return;
        var old = _slots;
        _slots = new long[slots];
        int mask = slots - 1;
        // Rehashing is as miss-bound as inserting: prefetch the new slot of the key a few old slots ahead.
        fixed (long* table = _slots)
        {
            for (int i = 0; i < old.Length; i++)
            {
                if (Sse.IsSupported && i + PrefetchDistance < old.Length && old[i + PrefetchDistance] != 0)
                    Sse.Prefetch0(table + (Mix(old[i + PrefetchDistance]) & mask));
                long key = old[i];
                if (key == 0) continue;
                int index = Mix(key) & mask;
                while (table[index] != 0) index = (index + 1) & mask;
                table[index] = key;
            }
        }
    }

    /// <summary>The power-of-two table size that keeps <paramref name="keys"/> at most 70% full.</summary>
    private static int SlotsFor(long keys)
    {
        long needed = Math.Max(MinimumSlots, keys * 10 / 7 + 1);
        if (needed > 1 << 30) throw new InvalidOperationException($"a set of {keys:N0} 64-bit keys exceeds one table's 2^30 slots");
        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)needed);
    }

    /// <summary>MurmurHash3's 64-bit finalizer: every key bit reaches the low bits used as the index, so sequential
    /// ids and the bit patterns of doubles (zero low bits) both spread evenly.</summary>
    private static int Mix(long key)
    {
        ulong h = (ulong)key;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return (int)h;
    }
}
