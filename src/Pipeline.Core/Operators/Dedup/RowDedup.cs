using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Dedup;

/// <summary>
/// Removes rows whose key (all columns, or the chosen key columns; nulls equal nulls, NaN equals NaN) repeats an
/// earlier or later row's, keeping the first or the last row of each key, and emits the kept rows in input order,
/// within the run's memory budget.
/// <para>
/// In memory, a hash set maps each key (<see cref="RowKeyEncoder"/>) to its winning row. Keep-first then streams:
/// a row whose key is new is emitted at once. Keep-last holds the batches (reserved) until the end, then emits the
/// winners. When the pool refuses, the dedup spills: the set's (key, row) pairs and every later row's go to hash
/// partitions on disk, and the rows not emitted yet (the "tail") to a spill file. At the end each partition
/// resolves its keys' winners exactly (equal keys share a partition; a partition too big for the budget is split
/// again with another hash seed), marking the winners that lie in the tail in a bitmap (one bit per tail row), and
/// the tail is read back once, memory-mapped, emitting the marked rows: input order is kept without a sort.
/// </para>
/// Not thread-safe: one instance per stream.
/// </summary>
public sealed class RowDedup : IDisposable
{
    private const int MaxLevel = 8;

    /// <summary>
    /// Tail segments stay small: the tail is read back once, unmapping each segment when passed, so the resident
    /// set holds at most one segment's pages (a 1 GiB segment would put up to 1 GiB of mapped pages in it).
    /// </summary>
    private const long TailSegmentBytes = 32L << 20;

    private readonly PipelineContext _context;
    private readonly string _name;
    private readonly DedupKeep _keep;
    private readonly int _partitions;
    private readonly Schema _inputSchema;
    private readonly Schema _keySchema;
    private readonly int[] _keyColumns;
    private readonly bool _passThrough;
    private readonly RowKeyEncoder _encoder;
    private readonly MemoryReservation _reservation;
    private readonly KeySet _set;
    private readonly List<RecordBatch> _held = [];
    private long _heldBytes;
    private KeyPartitionWriter? _spilling;
    private SpillWriter? _tailWriter;
    private long _tailStart;
    private long _rows;
    private bool _finished;

    /// <summary>Creates a dedup of batches with <paramref name="schema"/>.</summary>
    /// <param name="context">Supplies the memory pool, spill manager, allocator and cancellation.</param>
    /// <param name="schema">Schema of every input batch.</param>
    /// <param name="columns">Key columns; null or empty: the whole row.</param>
    /// <param name="keep">Which row of each key survives.</param>
    /// <param name="name">Consumer name in memory errors and spill file names.</param>
    /// <param name="partitions">Spill partitions per pass (2 to 256); by default 16, fewer when the budget cannot hold 16 partition buffers.</param>
    /// <exception cref="PipelineException">A key column is missing, or has a type that cannot be compared (nested).</exception>
    public RowDedup(PipelineContext context, Schema schema, IReadOnlyList<string>? columns, DedupKeep keep, string name = "dedup", int? partitions = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        partitions ??= DefaultPartitions(context.MemoryPool.Limit);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions.Value, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions.Value, 256);
        _context = context;
        _name = name;
        _keep = keep;
        _partitions = partitions.Value;
        _inputSchema = schema;
        OutputSchema = RowGather.OutputSchema(schema);
        _passThrough = ReferenceEquals(OutputSchema, schema);
        if (columns is null || columns.Count == 0)
        {
            _keyColumns = [.. Enumerable.Range(0, schema.FieldsList.Count)];
            _keySchema = schema;
        }
        else
        {
            _keyColumns = [.. columns.Select(c => schema.GetFieldIndex(c) is >= 0 and var i ? i
                : throw new PipelineException(PipelineErrorKind.Schema, $"dedup column '{c}' is not in the input (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})"))];
            var builder = new Schema.Builder();
            foreach (int i in _keyColumns) builder.Field(schema.FieldsList[i]);
            _keySchema = builder.Build();
        }
        _encoder = new RowKeyEncoder(_keySchema);
        _reservation = context.MemoryPool.Register(new MemoryConsumer(name, CanSpill: true));
        _set = new KeySet(_reservation);
    }

    /// <summary>16 partitions, or as many as a quarter of the budget can buffer (at least 2).</summary>
    private static int DefaultPartitions(long? limit)
        => limit is { } l ? (int)Math.Clamp(l / 4 / KeyPartitionWriter.BufferBytesPerPartition, 2, 16) : 16;

    /// <summary>Schema of the output batches: the input's, with dictionary columns decoded.</summary>
    public Schema OutputSchema { get; }

    /// <summary>Rows added so far.</summary>
    public long RowsIn => _rows;

    /// <summary>Rows emitted so far.</summary>
    public long RowsOut { get; private set; }

    /// <summary>Whether the dedup had to spill.</summary>
    public bool Spilled { get; private set; }

    /// <summary>
    /// Adds a batch (taking ownership of it) and returns the rows that can be emitted already (keep-first rows with
    /// a new key, before any spill), or null. The caller owns the returned batch.
    /// </summary>
    public RecordBatch? Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var owned = new BatchOwner(batch);
        ObjectDisposedException.ThrowIf(_finished, this);
        _context.CancellationToken.ThrowIfCancellationRequested();
        int n = batch.Length;
        if (n == 0) return null;
        _encoder.Encode(KeyBatch(batch));
        long first = _rows;
        _rows += n;
        if (_spilling is not null)
        {
            SpillRows(batch, first, 0);
            return null;
        }
        return _keep == DedupKeep.First ? AddKeepFirst(owned, first) : AddKeepLast(owned, first);
    }

    private RecordBatch? AddKeepFirst(BatchOwner owned, long first)
    {
        var batch = owned.Batch;
        var kept = new List<int>();
        int r = 0;
        for (; r < batch.Length; r++)
        {
            var key = _encoder.Key(r);
            var outcome = _set.TryAddWinner(KeyHash.Hash(key, KeyHash.Seed(0)), key, first + r, keepLast: false, force: _set.Count == 0, out _);
            if (outcome == KeySet.Outcome.NeedMemory) break;
            if (outcome == KeySet.Outcome.Added) kept.Add(r);
        }
        if (r < batch.Length)
        {
            StartSpilling(first + r);
            SpillRows(batch, first, r);
        }
        return Emit(owned, kept);
    }

    private RecordBatch? AddKeepLast(BatchOwner owned, long first)
    {
        var batch = owned.Batch;
        long bytes = BatchBytes.Of(batch);
        if (!_reservation.TryGrow(bytes))
        {
            StartSpilling(0);
            SpillRows(batch, first, 0);
            return null;
        }
        _heldBytes += bytes;
        _held.Add(owned.Release());
        for (int r = 0; r < batch.Length; r++)
        {
            var key = _encoder.Key(r);
            var outcome = _set.TryAddWinner(KeyHash.Hash(key, KeyHash.Seed(0)), key, first + r, keepLast: true, force: _set.Count == 0, out _);
            if (outcome != KeySet.Outcome.NeedMemory) continue;
            // The held batches (this one included) become the tail; rows before r are in the set, spilled with it.
            StartSpilling(0);
            for (int rest = r; rest < batch.Length; rest++)
            {
                var restKey = _encoder.Key(rest);
                _spilling!.Add(restKey, KeyHash.Hash(restKey, KeyHash.Seed(0)), first + rest, reported: false);
            }
            break;
        }
        return null;
    }

    /// <summary>The remaining kept rows, in input order; the caller owns each batch. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<RecordBatch> Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        if (_spilling is not null) return EmitTail();
        if (_keep == DedupKeep.Last) return EmitHeld();
        _set.Clear();
        return [];
    }

    private IEnumerable<RecordBatch> EmitHeld()
    {
        using var bitmap = new TailBitmap(_rows, _reservation);
        _set.ForEach((_, _, row, _) => bitmap.Set(row));
        _set.Clear();
        long first = 0;
        for (int i = 0; i < _held.Count; i++)
        {
            var batch = _held[i];
            _held[i] = null!;
            var output = Emit(new BatchOwner(batch), KeptRows(bitmap, first, batch.Length));
            first += batch.Length;
            if (output is not null) yield return output;
        }
        _held.Clear();
        _reservation.Shrink(_heldBytes);
        _heldBytes = 0;
    }

    private IEnumerable<RecordBatch> EmitTail()
    {
        var partitions = CompletePartitions(ref _spilling);
        var tail = _tailWriter!.Complete();
        _tailWriter = null;
        try
        {
            using var bitmap = new TailBitmap(_rows - _tailStart, _reservation);
            ResolvePartitions(partitions, bitmap, level: 1);
            using var reader = tail.OpenRead(unmapPassedSegments: true);
            long first = 0;
            while (reader.ReadNext() is { } batch)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                var output = Emit(new BatchOwner(batch), KeptRows(bitmap, first, batch.Length), copy: true);
                first += batch.Length;
                if (output is not null) yield return output;
            }
        }
        finally
        {
            tail.Dispose();
            foreach (var partition in partitions) partition.Dispose();
        }
    }

    private static List<int> KeptRows(TailBitmap bitmap, long first, int rows)
    {
        var kept = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            if (bitmap.Get(first + r)) kept.Add(r);
        }
        return kept;
    }

    /// <summary>The kept rows of a batch (the batch itself when all are kept and it needs no decoding), or null; disposes the rest.</summary>
    private RecordBatch? Emit(BatchOwner owned, List<int> kept, bool copy = false)
    {
        using (owned)
        {
            var batch = owned.Batch;
            if (kept.Count == 0) return null;
            RowsOut += kept.Count;
            if (kept.Count == batch.Length && _passThrough && !copy) return owned.Release();
            return RowGather.Take(batch, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
        }
    }

    /// <summary>The key columns of a batch (the batch itself when the key is the whole row); not to be disposed.</summary>
    private RecordBatch KeyBatch(RecordBatch batch)
        => ReferenceEquals(_keySchema, _inputSchema) ? batch : new RecordBatch(_keySchema, _keyColumns.Select(batch.Column), batch.Length);

    /// <summary>Switches to spilling: the set's winners go to partitions, held batches to the tail (which starts at <paramref name="tailStart"/>).</summary>
    private void StartSpilling(long tailStart)
    {
        Spilled = true;
        _tailStart = tailStart;
        _tailWriter = _context.Spill.CreateWriter($"{_name}-tail", OutputSchema, TailSegmentBytes);
        foreach (var held in _held)
        {
            WriteTail(held, 0);
            held.Dispose();
        }
        _held.Clear();
        _reservation.Shrink(_heldBytes);
        _heldBytes = 0;
        _spilling = SpillSet(level: 0);
        HeapRelease.Collect();
    }

    /// <summary>Rows <paramref name="from"/>.. of a batch go to the partitions and the tail.</summary>
    private void SpillRows(RecordBatch batch, long first, int from)
    {
        for (int r = from; r < batch.Length; r++)
        {
            var key = _encoder.Key(r);
            _spilling!.Add(key, KeyHash.Hash(key, KeyHash.Seed(0)), first + r, reported: false);
        }
        WriteTail(batch, from);
    }

    private void WriteTail(RecordBatch batch, int from)
    {
        if (from == 0 && _passThrough)
        {
            _tailWriter!.Write(batch);
            return;
        }
        var rows = Enumerable.Range(from, batch.Length - from).ToArray();
        using var copy = RowGather.Take(batch, rows);
        _tailWriter!.Write(copy);
    }

    /// <summary>Moves the set's keys into a new partition writer, empties the set, then reserves the writer's buffers.</summary>
    private KeyPartitionWriter SpillSet(int level)
    {
        var writer = new KeyPartitionWriter(_partitions, level, _context.Spill, _name, _reservation, _context.Allocator);
        try
        {
            _set.ForEach((hash, key, row, _) => writer.Add(key, hash, row, reported: false));
            _set.Clear();
            writer.ReserveBuffers();
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private static IReadOnlyList<SpillFile> CompletePartitions(ref KeyPartitionWriter? writer)
    {
        try { return writer!.Complete(); }
        finally
        {
            writer!.Dispose();
            writer = null;
        }
    }

    /// <summary>Finds each partition's winners, marking those in the tail; splits (one level deeper) a partition that does not fit.</summary>
    private void ResolvePartitions(IReadOnlyList<SpillFile> files, TailBitmap bitmap, int level)
    {
        try
        {
            foreach (var file in files)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                var deeper = ResolvePartition(file, bitmap, level);
                file.Dispose();
                if (deeper is not null) ResolvePartitions(deeper, bitmap, level + 1);
            }
        }
        finally
        {
            foreach (var file in files) file.Dispose();
        }
    }

    private IReadOnlyList<SpillFile>? ResolvePartition(SpillFile file, TailBitmap bitmap, int level)
    {
        KeyPartitionWriter? split = null;
        try
        {
            using (var reader = file.OpenRead(unmapPassedSegments: true))
            {
                while (reader.ReadNext() is { } batch)
                {
                    using (batch) ResolveBatch(batch, level, ref split);
                }
            }
            if (split is not null) return CompletePartitions(ref split);
            long tailStart = _tailStart;
            _set.ForEach((_, _, row, _) =>
            {
                if (row >= tailStart) bitmap.Set(row - tailStart);
            });
            _set.Reset();
            return null;
        }
        finally
        {
            split?.Dispose();
        }
    }

    private void ResolveBatch(RecordBatch batch, int level, ref KeyPartitionWriter? split)
    {
        var keys = (BinaryArray)batch.Column(0);
        var hashes = ((UInt64Array)batch.Column(1)).Values;
        var rows = ((Int64Array)batch.Column(2)).Values;
        for (int i = 0; i < batch.Length; i++)
        {
            var key = keys.GetBytes(i);
            if (split is not null)
            {
                split.Add(key, hashes[i], rows[i], reported: false);
                continue;
            }
            // Past the deepest level splitting cannot help, so growing is forced (a refusal names this consumer).
            bool force = _set.Count == 0 || level >= MaxLevel;
            if (_set.TryAddWinner(hashes[i], key, rows[i], _keep == DedupKeep.Last, force, out _) == KeySet.Outcome.NeedMemory)
            {
                split = SpillSet(level);
                split.Add(key, hashes[i], rows[i], reported: false);
            }
        }
    }

    /// <summary>Disposes held batches, deletes spill files and gives the memory back. Safe at any point (failure, cancellation).</summary>
    public void Dispose()
    {
        _finished = true;
        foreach (var held in _held) held?.Dispose();
        _held.Clear();
        _spilling?.Dispose();
        _spilling = null;
        _tailWriter?.Dispose();
        _tailWriter = null;
        _set.Dispose();
        _reservation.Dispose();
    }

    /// <summary>Disposes a batch unless its ownership was passed on with <see cref="Release"/>.</summary>
    private sealed class BatchOwner(RecordBatch batch) : IDisposable
    {
        private bool _released;

        public RecordBatch Batch => batch;

        public RecordBatch Release()
        {
            _released = true;
            return batch;
        }

        public void Dispose()
        {
            if (!_released) batch.Dispose();
            _released = true;
        }
    }
}
