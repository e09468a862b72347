using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators;

/// <summary>
/// Counts distinct and duplicate rows exactly, within the run's memory budget. Rows are encoded to canonical byte
/// keys (<see cref="RowKeyEncoder"/>) and kept in a hash set while the reservation can grow. When the pool refuses,
/// the set and every later row go to N hash partitions on disk; at the end each partition is counted with its own
/// exact set, and a partition still too big for the budget is re-partitioned with another hash seed. Equal keys
/// always land in the same partition, so the per-partition distinct counts add up to the exact total.
/// Not thread-safe: one instance per stream (the answer depends on row order only for the examples).
/// </summary>
public sealed class ExactDistinctRows : IDisposable
{
    private const int MaxLevel = 8;

    private readonly PipelineContext _context;
    private readonly string _name;
    private readonly int _partitions;
    private readonly int _maxExamples;
    private readonly MemoryReservation _reservation;
    private readonly KeySet _set;
    private readonly List<DuplicateExample> _examples = [];
    private RowKeyEncoder? _encoder;
    private KeyPartitionWriter? _spilling;
    private long _rows;
    private long _distinct;
    private long _spilledBytes;
    private int _passes;
    private bool _finished;

    /// <summary>Creates a counter reserving memory from <paramref name="context"/>'s pool as <paramref name="name"/>.</summary>
    /// <param name="context">Supplies the memory pool, spill manager, allocator and cancellation.</param>
    /// <param name="name">Consumer name in memory errors and spill file names.</param>
    /// <param name="partitions">Spill partitions per pass (2 to 256).</param>
    /// <param name="maxExamples">How many duplicate examples to keep.</param>
    public ExactDistinctRows(PipelineContext context, string name = "distinct", int partitions = 16, int maxExamples = 10)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, 256);
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamples);
        _context = context;
        _name = name;
        _partitions = partitions;
        _maxExamples = maxExamples;
        _reservation = context.MemoryPool.Register(new MemoryConsumer(name, CanSpill: true));
        _set = new KeySet(_reservation);
    }

    /// <summary>Counts every row of <paramref name="input"/> (taking ownership of it and its batches).</summary>
    public static async Task<DistinctRowsResult> CountAsync(IArrowArrayStream input, PipelineContext context, string name = "distinct")
    {
        using var stream = input;
        using var counter = new ExactDistinctRows(context, name);
        while (await stream.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch) counter.Add(batch);
        }
        return counter.Finish();
    }

    /// <summary>Counts the rows of <paramref name="batch"/>; does not take ownership.</summary>
    public void Add(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _context.CancellationToken.ThrowIfCancellationRequested();
        _encoder ??= new RowKeyEncoder(batch.Schema);
        _encoder.Encode(batch);
        for (int row = 0; row < batch.Length; row++)
        {
            var key = _encoder.Key(row);
            ulong hash = KeyHash.Hash(key, KeyHash.Seed(0));
            long index = _rows++;
            if (_spilling is not null)
            {
                _spilling.Add(key, hash, index, reported: false);
                continue;
            }
            var outcome = _set.TryAdd(hash, key, index, reported: false, force: _set.Count == 0, out long first, out bool firstDuplicate);
            if (outcome == KeySet.Outcome.Duplicate && firstDuplicate) AddExample(first, index);
            else if (outcome == KeySet.Outcome.NeedMemory)
            {
                _spilling = SpillSet(level: 0);
                HeapRelease.Collect();
                _spilling.Add(key, hash, index, reported: false);
            }
        }
    }

    /// <summary>Finishes counting (processing the spilled partitions, if any) and returns the answer.</summary>
    public DistinctRowsResult Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        if (_spilling is null)
        {
            _distinct = _set.Count;
        }
        else
        {
            var files = Complete(ref _spilling);
            _passes = 1;
            CountPartitions(files, level: 1);
        }
        _set.Clear();
        return new DistinctRowsResult(_rows, _distinct, [.. _examples], _spilledBytes, _passes);
    }

    /// <summary>Moves the set's keys into a new partition writer, empties the set, then reserves the writer's buffers.</summary>
    private KeyPartitionWriter SpillSet(int level)
    {
        var writer = new KeyPartitionWriter(_partitions, level, _context.Spill, _name, _reservation, _context.Allocator);
        try
        {
            _set.ForEach((hash, key, firstRow, reported) => writer.Add(key, hash, firstRow, reported));
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

    private IReadOnlyList<SpillFile> Complete(ref KeyPartitionWriter? writer)
    {
        try
        {
            var files = writer!.Complete();
            foreach (var file in files) _spilledBytes += file.Bytes;
            return files;
        }
        finally
        {
            writer!.Dispose();
            writer = null;
        }
    }

    /// <summary>Counts each partition with an exact set, re-partitioning (one level deeper) any that does not fit.</summary>
    private void CountPartitions(IReadOnlyList<SpillFile> files, int level)
    {
        _passes = Math.Max(_passes, level);
        try
        {
            foreach (var file in files)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                var deeper = CountPartition(file, level);
                file.Dispose(); // counted: its disk space is no longer needed
                if (deeper is not null) CountPartitions(deeper, level + 1);
            }
        }
        finally
        {
            foreach (var file in files) file.Dispose();
        }
    }

    /// <summary>Counts one partition; returns its sub-partitions when it had to be split instead.</summary>
    private IReadOnlyList<SpillFile>? CountPartition(SpillFile file, int level)
    {
        KeyPartitionWriter? split = null;
        try
        {
            using (var reader = file.OpenRead(unmapPassedSegments: true))
            {
                while (reader.ReadNext() is { } batch)
                {
                    using (batch) CountPartitionBatch(batch, level, ref split);
                }
            }
            if (split is null)
            {
                _distinct += _set.Count;
                _set.Reset();
                return null;
            }
            return Complete(ref split);
        }
        finally
        {
            split?.Dispose();
        }
    }

    private void CountPartitionBatch(RecordBatch batch, int level, ref KeyPartitionWriter? split)
    {
        var keys = (BinaryArray)batch.Column(0);
        var hashes = ((UInt64Array)batch.Column(1)).Values;
        var rows = ((Int64Array)batch.Column(2)).Values;
        for (int i = 0; i < batch.Length; i++)
        {
            var key = keys.GetBytes(i);
            long stored = rows[i];
            bool reported = stored < 0;
            long row = reported ? ~stored : stored;
            if (split is not null)
            {
                split.Add(key, hashes[i], row, reported);
                continue;
            }
            // Past the deepest level, splitting cannot help (the keys collide or one key is bigger than the budget),
            // so growing is forced and a refusal fails with the pool's error naming this consumer.
            bool force = _set.Count == 0 || level >= MaxLevel;
            var outcome = _set.TryAdd(hashes[i], key, row, reported, force, out long first, out bool firstDuplicate);
            if (outcome == KeySet.Outcome.Duplicate && firstDuplicate) AddExample(first, row);
            else if (outcome == KeySet.Outcome.NeedMemory)
            {
                split = SpillSet(level);
                split.Add(key, hashes[i], row, reported);
            }
        }
    }

    /// <summary>Keeps the examples with the earliest repeats, so the in-memory and spilled paths report the same ones.</summary>
    private void AddExample(long firstRow, long duplicateRow)
    {
        if (_maxExamples == 0) return;
        var example = new DuplicateExample(firstRow, duplicateRow);
        int at = _examples.FindIndex(e => e.DuplicateRow > duplicateRow);
        if (at < 0) at = _examples.Count;
        if (at >= _maxExamples) return;
        _examples.Insert(at, example);
        if (_examples.Count > _maxExamples) _examples.RemoveAt(_examples.Count - 1);
    }

    /// <summary>Returns the memory and deletes any spill files still open.</summary>
    public void Dispose()
    {
        _finished = true;
        _spilling?.Dispose();
        _spilling = null;
        _set.Dispose();
        _reservation.Dispose();
    }
}
