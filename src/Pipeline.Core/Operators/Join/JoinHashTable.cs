using Apache.Arrow;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// The build side of a hash join held in memory: its batches, and per row with a valid key its location, key and
/// hash, chained by hash bucket. Memory is reserved before every allocation (batches by their buffer bytes, arrays
/// by capacity, the bucket index as rows arrive), so <see cref="TryAdd"/> is the only place the pool can refuse and
/// <see cref="Finish"/> never can. Rows are chained in build order, so a probe meets its matches in build order.
/// </summary>
internal sealed class JoinHashTable : IDisposable
{
    private readonly MemoryReservation _reservation;
    private readonly bool _numberMode;
    private readonly List<RecordBatch> _batches = [];
    private RowRef[] _refs = [];
    private long[] _numbers = [];
    private ulong[] _hashes = [];
    private int[] _keyOffsets = [0];
    private byte[] _keyBytes = [];
    private bool[] _matched = [];
    private int[] _buckets = [];
    private int[] _next = [];
    private int _mask;
    private int _capacity;
    private long _reserved;
    private IArrowArray[][] _payload = [];

    /// <param name="reservation">Where the table's memory is reserved.</param>
    /// <param name="numberMode">Keys are single numbers (<see cref="JoinKeyEncoder.NumberMode"/>).</param>
    public JoinHashTable(MemoryReservation reservation, bool numberMode)
    {
        _reservation = reservation;
        _numberMode = numberMode;
    }

    /// <summary>Rows with a valid key (the chained rows).</summary>
    public int Count { get; private set; }

    /// <summary>Every row added, null keys included.</summary>
    public long Rows { get; private set; }

    /// <summary>Bytes this table holds from the reservation.</summary>
    public long ReservedBytes => _reserved;

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
        int capacity = _capacity;
        while (capacity < count) capacity = Math.Max(1024, capacity * 2);
        long keyCapacity = _keyBytes.Length;
        long keyUsed = _numberMode ? 0 : _keyOffsets[Count] + keyBytes;
        while (keyCapacity < keyUsed) keyCapacity = Math.Max(64 * 1024, keyCapacity * 2);
        if (keyCapacity > System.Array.MaxLength) keyCapacity = keyUsed;
        if (keyUsed > System.Array.MaxLength)
            throw new Errors.PipelineException(Errors.PipelineErrorKind.ResourcesExhausted, $"the build side of a join holds more than {System.Array.MaxLength} bytes of keys in one partition");
        // While arrays grow the old ones are alive until copied: reserve both, return the old after.
        long oldArrays = capacity > _capacity ? ArrayBytes(_capacity) : 0;
        long oldKeys = keyCapacity > _keyBytes.Length ? _keyBytes.Length : 0;
        long grow = BatchBytes.Of(batch) + ArrayBytes(capacity) - ArrayBytes(_capacity) + keyCapacity - _keyBytes.Length
                    + IndexBytes(count) - IndexBytes(Count);
        if (!Reserve(grow + oldArrays + oldKeys, force)) return false;
        if (capacity > _capacity) Grow(capacity);
        if (keyCapacity > _keyBytes.Length) System.Array.Resize(ref _keyBytes, (int)keyCapacity);
        Release(oldArrays + oldKeys);

        int batchIndex = _batches.Count;
        _batches.Add(batch);
        int at = Count;
        for (int r = 0; r < n; r++)
        {
            if (!valid[r]) continue;
            _refs[at] = new RowRef(batchIndex, r);
            if (_numberMode) _numbers[at] = keys.Numbers[r];
            else
            {
                var key = keys.Key(r);
                int start = _keyOffsets[at];
                key.CopyTo(_keyBytes.AsSpan(start));
                _keyOffsets[at + 1] = start + key.Length;
                _hashes[at] = keys.Hashes[r];
            }
            at++;
        }
        Count = count;
        Rows += n;
        return true;
    }

    /// <summary>Bytes of the per-row arrays at <paramref name="capacity"/> rows.</summary>
    private long ArrayBytes(int capacity) => capacity == 0 ? 0 : (long)capacity * (8 + 1 + (_numberMode ? 8 : 8 + 4)) + (_numberMode ? 0 : 4);

    /// <summary>Bytes of the bucket index for <paramref name="count"/> rows: a power-of-two bucket array (load at most 1/2) and one link per row.</summary>
    private static long IndexBytes(int count) => count == 0 ? 0 : BucketCount(count) * 4L + count * 4L;

    private static int BucketCount(int count) => (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2L)));

    private void Grow(int capacity)
    {
        System.Array.Resize(ref _refs, capacity);
        System.Array.Resize(ref _matched, capacity);
        if (_numberMode) System.Array.Resize(ref _numbers, capacity);
        else
        {
            System.Array.Resize(ref _hashes, capacity);
            System.Array.Resize(ref _keyOffsets, capacity + 1);
        }
        _capacity = capacity;
    }

    /// <summary>Builds the bucket chains (memory reserved already) and remembers each payload column's arrays.</summary>
    public void Finish(IReadOnlyList<int> payloadColumns)
    {
        int buckets = Count == 0 ? 1 : BucketCount(Count);
        _buckets = new int[buckets];
        _buckets.AsSpan().Fill(-1);
        _next = new int[Count];
        _mask = buckets - 1;
        // Inserting from the last row makes each chain run in build order.
        for (int i = Count - 1; i >= 0; i--)
        {
            ulong hash = _numberMode ? JoinKeyEncoder.HashNumber(_numbers[i]) : _hashes[i];
            int bucket = (int)hash & _mask;
            _next[i] = _buckets[bucket];
            _buckets[bucket] = i;
        }
        _payload = [.. payloadColumns.Select(c => _batches.Select(b => b.Column(c)).ToArray())];
    }

    /// <summary>The first row of the chain of <paramref name="hash"/>, or -1.</summary>
    public int First(ulong hash) => _buckets[(int)hash & _mask];

    /// <summary>The row after <paramref name="row"/> in its chain, or -1.</summary>
    public int Next(int row) => _next[row];

    /// <summary>Whether table row <paramref name="row"/> has the key of row <paramref name="probeRow"/> of <paramref name="keys"/>.</summary>
    public bool KeyEquals(int row, JoinKeyEncoder keys, int probeRow)
    {
        if (_numberMode) return _numbers[row] == keys.Numbers[probeRow];
        return _hashes[row] == keys.Hashes[probeRow]
               && _keyBytes.AsSpan(_keyOffsets[row], _keyOffsets[row + 1] - _keyOffsets[row]).SequenceEqual(keys.Key(probeRow));
    }

    /// <summary>The number key of table row <paramref name="row"/> (in number mode).</summary>
    public long Number(int row) => _numbers[row];

    /// <summary>Where table row <paramref name="row"/> lies among the held batches.</summary>
    public RowRef Ref(int row) => _refs[row];

    /// <summary>Records that table row <paramref name="row"/> matched a probe row.</summary>
    public void MarkMatched(int row) => _matched[row] = true;

    /// <summary>Rows that matched nothing so far, null keys included.</summary>
    public long UnmatchedRows
    {
        get
        {
            long matched = 0;
            for (int i = 0; i < Count; i++) if (_matched[i]) matched++;
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
        _refs = [];
        _numbers = [];
        _hashes = [];
        _keyOffsets = [0];
        _keyBytes = [];
        _matched = [];
        _buckets = [];
        _next = [];
        _payload = [];
        _capacity = 0;
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
