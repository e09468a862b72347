using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// The build side of a hash join held in memory: its batches, and one <see cref="JoinEntry"/> per row with a valid
/// key. <see cref="Finish"/> lays the entries out bucket by bucket (a counting sort on the hash, stable, so each
/// bucket lists its rows in build order): a probe reads the bucket's bounds and then consecutive entries, two cache
/// misses rather than one per link of a chain. Memory is reserved before every allocation (batches by their buffer
/// bytes, arrays by capacity, the bucketed layout as rows arrive), so <see cref="TryAdd"/> is the only place the
/// pool can refuse and <see cref="Finish"/> never can.
/// </summary>
internal sealed unsafe class JoinHashTable : IDisposable
{
    private const int EntryBytes = 24;

    private readonly MemoryReservation _reservation;
    private readonly bool _numberMode;
    private readonly List<RecordBatch> _batches = [];
    private JoinEntry[] _entries = [];
    private byte[] _keyBytes = [];
    private int _keyUsed;
    private int[] _bucketStart = [];
    private int _mask;
    private long _reserved;
    private IArrowArray[][] _payload = [];

    /// <param name="reservation">Where the table's memory is reserved.</param>
    /// <param name="numberMode">Keys are single numbers (<see cref="JoinKeyEncoder.NumberMode"/>).</param>
    public JoinHashTable(MemoryReservation reservation, bool numberMode)
    {
        _reservation = reservation;
        _numberMode = numberMode;
    }

    /// <summary>Rows with a valid key (the entries).</summary>
    public int Count { get; private set; }

    /// <summary>Every row added, null keys included.</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// Adds a batch whose keys <paramref name="keys"/> just encoded, taking ownership on success. Returns false,
    /// changing nothing and leaving the batch with the caller, when the pool refuses the memory; with
    /// <paramref name="force"/> a refusal throws the pool's out-of-memory error instead.
    /// </summary>
    public bool TryAdd(RecordBatch batch, JoinKeyEncoder keys, bool force = false)
    {
        int n = batch.Length;
        var valid = keys.Valid;
        int added = 0;
        long keyBytes = 0;
        for (int r = 0; r < n; r++)
        {
            if (!valid[r]) continue;
            added++;
            if (!_numberMode) keyBytes += keys.Key(r).Length;
        }
        int count = checked(Count + added);
        int capacity = _entries.Length;
        while (capacity < count) capacity = Math.Max(1024, capacity * 2);
        long keyUsed = _keyUsed + keyBytes;
        if (keyUsed > System.Array.MaxLength)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"the build side of a join holds more than {System.Array.MaxLength} bytes of keys in one partition");
        long keyCapacity = _keyBytes.Length;
        while (keyCapacity < keyUsed) keyCapacity = Math.Min(System.Array.MaxLength, Math.Max(64 * 1024, keyCapacity * 2));
        // While arrays grow the old ones are alive until copied: reserve both, return the old after.
        long oldEntries = capacity > _entries.Length ? (long)_entries.Length * EntryBytes : 0;
        long oldKeys = keyCapacity > _keyBytes.Length ? _keyBytes.Length : 0;
        long grow = BatchBytes.Of(batch) + (long)(capacity - _entries.Length) * EntryBytes + (keyCapacity - _keyBytes.Length)
                    + IndexBytes(count) - IndexBytes(Count);
        if (!Reserve(grow + oldEntries + oldKeys, force)) return false;
        if (capacity > _entries.Length) System.Array.Resize(ref _entries, capacity);
        if (keyCapacity > _keyBytes.Length) System.Array.Resize(ref _keyBytes, (int)keyCapacity);
        Release(oldEntries + oldKeys);

        int batchIndex = _batches.Count;
        _batches.Add(batch);
        int at = Count;
        for (int r = 0; r < n; r++)
        {
            if (!valid[r]) continue;
            ref var entry = ref _entries[at++];
            entry.Batch = batchIndex;
            entry.Row = r;
            if (_numberMode)
            {
                entry.Key = keys.Numbers[r];
                continue;
            }
            var key = keys.Key(r);
            key.CopyTo(_keyBytes.AsSpan(_keyUsed));
            entry.Key = (long)keys.Hashes[r];
            entry.KeyStart = _keyUsed;
            entry.KeyLength = key.Length;
            _keyUsed += key.Length;
        }
        Count = count;
        Rows += n;
        return true;
    }

    /// <summary>
    /// Bytes of the bucketed layout for <paramref name="count"/> rows: the sorted entries, the bucket bounds (load at
    /// most 1/2) and, while sorting, each entry's bucket.
    /// </summary>
    private static long IndexBytes(int count) => count == 0 ? 0 : (BucketCount(count) + 1L) * 4 + (long)count * (EntryBytes + 4);

    private static int BucketCount(int count) => (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2L)));

    private ulong HashOf(in JoinEntry entry) => _numberMode ? JoinKeyEncoder.HashNumber(entry.Key) : (ulong)entry.Key;

    /// <summary>Lays the entries out by bucket (memory reserved already) and remembers each payload column's arrays.</summary>
    public void Finish(IReadOnlyList<int> payloadColumns)
    {
        int buckets = Count == 0 ? 1 : BucketCount(Count);
        _mask = buckets - 1;
        // Pinned (allocated on the pinned-object heap) so probes can prefetch through raw addresses.
        var start = GC.AllocateArray<int>(buckets + 1, pinned: true);
        var bucketOf = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            int bucket = (int)HashOf(_entries[i]) & _mask;
            bucketOf[i] = bucket;
            start[bucket + 1]++;
        }
        for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
        var sorted = GC.AllocateUninitializedArray<JoinEntry>(Count, pinned: true);
        var cursor = start.AsSpan(0, buckets).ToArray();
        for (int i = 0; i < Count; i++) sorted[cursor[bucketOf[i]]++] = _entries[i];
        // The growable array is replaced by the exact layout reserved as IndexBytes, and the sort's scratch is gone.
        Release((long)_entries.Length * EntryBytes + 4L * Count);
        _entries = sorted;
        _bucketStart = start;
        _payload = [.. payloadColumns.Select(c => _batches.Select(b => b.Column(c)).ToArray())];
    }

    /// <summary>The entries whose bucket is that of <paramref name="hash"/>: indices <c>Start</c> to <c>End</c> (exclusive).</summary>
    public (int Start, int End) Bucket(ulong hash)
    {
        int bucket = (int)hash & _mask;
        return (_bucketStart[bucket], _bucketStart[bucket + 1]);
    }

    /// <summary>
    /// Asks the CPU to start loading the bucket bounds of <paramref name="hash"/> (stage one of a probe's prefetch,
    /// some rows ahead): probes are random accesses into tables larger than the caches, and overlapping their misses
    /// is what makes them fast.
    /// </summary>
    public void PrefetchBucket(ulong hash)
    {
        if (!Sse.IsSupported || _bucketStart.Length == 0) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref _bucketStart[(int)hash & _mask]));
    }

    /// <summary>Stage two, fewer rows ahead: the bounds are in cache by now, so start loading the bucket's first entry.</summary>
    public void PrefetchEntries(ulong hash)
    {
        if (!Sse.IsSupported || _entries.Length == 0) return;
        int start = _bucketStart[(int)hash & _mask];
        if (start < _entries.Length) Sse.Prefetch0(Unsafe.AsPointer(ref _entries[start]));
    }

    /// <summary>Stage three, fewer rows ahead still (byte keys): the bucket's first entry is in cache by now, so start
    /// loading its key bytes, which the comparison reads next and which lie anywhere in the key store.</summary>
    public void PrefetchKey(ulong hash)
    {
        if (!Sse.IsSupported || _numberMode || _entries.Length == 0) return;
        int start = _bucketStart[(int)hash & _mask];
        if (start >= _entries.Length) return;
        int at = _entries[start].KeyStart;
        if (at < _keyBytes.Length) Sse.Prefetch0(Unsafe.AsPointer(ref _keyBytes[at]));
    }

    /// <summary>Whether entry <paramref name="entry"/> has the key of row <paramref name="probeRow"/> of <paramref name="keys"/>.</summary>
    public bool KeyEquals(int entry, JoinKeyEncoder keys, int probeRow)
    {
        ref var e = ref _entries[entry];
        if (_numberMode) return e.Key == keys.Numbers[probeRow];
        return (ulong)e.Key == keys.Hashes[probeRow] && _keyBytes.AsSpan(e.KeyStart, e.KeyLength).SequenceEqual(keys.Key(probeRow));
    }

    /// <summary>Where entry <paramref name="entry"/>'s row lies among the held batches.</summary>
    public RowRef Ref(int entry) => new(_entries[entry].Batch & ~JoinEntry.MatchedFlag, _entries[entry].Row);

    /// <summary>Records that entry <paramref name="entry"/> matched a probe row.</summary>
    public void MarkMatched(int entry) => _entries[entry].Batch |= JoinEntry.MatchedFlag;

    /// <summary>Rows that matched nothing so far, null keys included.</summary>
    public long UnmatchedRows
    {
        get
        {
            long matched = 0;
            for (int i = 0; i < Count; i++) if (_entries[i].Batch < 0) matched++;
            return Rows - matched;
        }
    }

    /// <summary>The arrays of the <paramref name="index"/>-th payload column (one per held batch), after <see cref="Finish"/>.</summary>
    public IReadOnlyList<IArrowArray> Payload(int index) => _payload[index];

    /// <summary>Hands the held batches to the caller (who then owns them) and empties the table.</summary>
    public List<RecordBatch> TakeBatches()
    {
        var batches = new List<RecordBatch>(_batches);
        _batches.Clear();
        Clear();
        return batches;
    }

    /// <summary>Disposes the held batches, drops every row and gives all memory back.</summary>
    public void Clear()
    {
        foreach (var batch in _batches) batch.Dispose();
        _batches.Clear();
        _entries = [];
        _keyBytes = [];
        _keyUsed = 0;
        _bucketStart = [];
        _payload = [];
        Count = 0;
        Rows = 0;
        Release(_reserved);
    }

    public void Dispose() => Clear();

    private bool Reserve(long bytes, bool force)
    {
        if (force) _reservation.Grow(bytes);
        else if (!_reservation.TryGrow(bytes)) return false;
        _reserved += bytes;
        return true;
    }

    private void Release(long bytes)
    {
        if (bytes == 0) return;
        _reservation.Shrink(bytes);
        _reserved -= bytes;
    }
}
