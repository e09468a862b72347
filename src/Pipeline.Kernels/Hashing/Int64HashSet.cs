using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Kernels.Hashing;

/// <summary>
/// An open-addressing hash set of 64-bit keys (linear probing, one 8-byte slot per key, each table at most 70% full)
/// made for adding whole batches of millions of keys. Two costs dominate such a set, and both are designed out:
/// <list type="bullet">
/// <item>Cache misses: a table of millions of keys is far larger than the CPU caches, so nearly every insert misses.
/// <see cref="AddMany"/> prefetches the slot of a key a few positions ahead while it places the current one, so the
/// misses overlap instead of queueing.</item>
/// <item>Growing: one big table rehashes all its keys into a fresh, twice as large block of memory, with a cache
/// miss and often a page fault per key. Here the keys are spread over 256 sub-tables by the top bits of their hash,
/// each growing on its own while it is small enough to rehash inside the CPU cache.</item>
/// </list>
/// Not thread-safe.
/// </summary>
public sealed unsafe class Int64HashSet
{
    /// <summary>Bytes per slot.</summary>
    public const int SlotBytes = sizeof(long);

    private const int PartitionBits = 8;
    private const int Partitions = 1 << PartitionBits;
    private const int PrefetchDistance = 16;
    private const int MinimumSlots = 16;

    // Slot value 0 means empty; the key 0 itself is remembered in _hasZero.
    private readonly long[]?[] _tables = new long[Partitions][];
    private readonly int[] _counts = new int[Partitions];
    private long _tableSlots;
    private bool _hasZero;

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the slot tables (the set's whole footprint but a few small arrays).</summary>
    public long TableBytes => _tableSlots * SlotBytes;

    /// <summary>
    /// An upper estimate of the table bytes alive at once while adding <paramref name="additional"/> more keys: the
    /// tables after growing for them (assuming the hash spreads them evenly, with a margin) plus the largest old
    /// table, which is alive beside its replacement while it is rehashed.
    /// </summary>
    public long PeakBytesToAdd(int additional)
    {
        long grown = 0, largest = 0;
        long perPartition = additional / Partitions + additional / (4 * Partitions) + 16;
        for (int p = 0; p < Partitions; p++)
        {
            int length = _tables[p]?.Length ?? 0;
            largest = Math.Max(largest, length);
            grown += Math.Max(length, SlotsFor(_counts[p] + perPartition));
        }
        return (grown + largest) * SlotBytes;
    }

    /// <summary>Adds the keys whose <paramref name="skip"/> entry is not true (skip may be empty: add all), marks in
    /// <paramref name="duplicate"/> (same length as the keys) the ones already present, and returns how many were.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int AddMany(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate)
    {
        if (duplicate.Length < keys.Length) throw new ArgumentException("one duplicate flag per key is needed", nameof(duplicate));
        if (!skip.IsEmpty && skip.Length < keys.Length) throw new ArgumentException("one skip flag per key is needed", nameof(skip));
        int duplicates = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            if (Sse.IsSupported && i + PrefetchDistance < keys.Length) Prefetch(keys[i + PrefetchDistance]);
            duplicate[i] = false;
            if (!skip.IsEmpty && skip[i]) continue;
            if (!AddOne(keys[i])) { duplicate[i] = true; duplicates++; }
        }
        return duplicates;
    }

    /// <summary>Adds one key; false when it was already present.</summary>
    public bool Add(long key) => AddOne(key);

    /// <summary>Adds every key of <paramref name="other"/>, sub-table by sub-table (equal keys share a sub-table, so
    /// each step works on two tables that fit in cache together).</summary>
    public void UnionWith(Int64HashSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._hasZero) AddOne(0);
        foreach (var table in other._tables)
            if (table is not null) foreach (long key in table) if (key != 0) AddOne(key);
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(long key)
    {
        if (key == 0) return _hasZero;
        ulong hash = Mix(key);
        if (_tables[Partition(hash)] is not { } table) return false;
        int mask = table.Length - 1;
        for (int index = (int)hash & mask; ; index = (index + 1) & mask)
        {
            long slot = table[index];
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
        foreach (var table in _tables)
            if (table is not null) foreach (long slot in table) if (slot != 0) keys[n++] = slot;
        return keys;
    }

    /// <summary>Drops every key and the tables.</summary>
    public void Clear()
    {
        System.Array.Clear(_tables);
        System.Array.Clear(_counts);
        _tableSlots = 0;
        _hasZero = false;
        Count = 0;
    }

    private void Prefetch(long key)
    {
        ulong hash = Mix(key);
        if (_tables[Partition(hash)] is not { } table) return;
        // A hint only: the address is not dereferenced, and a prefetch never faults, so an unpinned array is fine.
        ref long slot = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), (int)hash & (table.Length - 1));
        Sse.Prefetch0(Unsafe.AsPointer(ref slot));
    }

    private bool AddOne(long key)
    {
        if (key == 0)
        {
            if (_hasZero) return false;
            _hasZero = true;
            Count++;
            return true;
        }
        ulong hash = Mix(key);
        int p = Partition(hash);
        var table = _tables[p];
        if (table is null || (_counts[p] + 1) * 10L > table.Length * 7L) table = Grow(p);
        int mask = table.Length - 1;
        for (int index = (int)hash & mask; ; index = (index + 1) & mask)
        {
            long slot = table[index];
            if (slot == key) return false;
            if (slot != 0) continue;
            table[index] = key;
            _counts[p]++;
            Count++;
            return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long[] Grow(int p)
    {
        var old = _tables[p];
        int slots = old is null ? MinimumSlots : checked(old.Length * 2);
        var table = new long[slots];
        int mask = slots - 1;
        if (old is not null)
            foreach (long key in old)
            {
                if (key == 0) continue;
                int index = (int)Mix(key) & mask;
                while (table[index] != 0) index = (index + 1) & mask;
                table[index] = key;
            }
        _tables[p] = table;
        _tableSlots += slots - (old?.Length ?? 0);
        return table;
    }

    private static int Partition(ulong hash) => (int)(hash >> (64 - PartitionBits));

    /// <summary>The power-of-two table size that keeps <paramref name="keys"/> at most 70% full.</summary>
    private static long SlotsFor(long keys) => keys == 0 ? 0 : (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(MinimumSlots, keys * 10 / 7 + 1));

    /// <summary>MurmurHash3's 64-bit finalizer: every key bit reaches both the top bits (the sub-table) and the low
    /// bits (the slot), so sequential ids and the bit patterns of doubles (zero low bits) spread evenly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(long key)
    {
        ulong h = (ulong)key;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
