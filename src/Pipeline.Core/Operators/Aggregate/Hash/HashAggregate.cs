using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Hash aggregation within the run's memory budget. Batches are folded into one <see cref="AggregationPass"/>
/// while the pool grants its size. When it refuses, the aggregate spills raw rows, partitioned by key hash
/// (<see cref="SpillPartitioner"/>), and later aggregates each partition file on its own, re-partitioning a file
/// that is still too big with another hash seed (up to <see cref="MaxLevel"/>; past that the pool's error names
/// this consumer). Two ways to spill, because raw rows are needed for every measure to stay exact:
/// <list type="bullet">
/// <item>Only fixed-size measures (counts, sums, averages, min/max, first/last, moments): the groups already in
/// memory stay there and keep absorbing their rows, which adds no state; rows of other groups go to the
/// partitions. Output: those groups first, then partition by partition.</item>
/// <item>A holistic measure (distinct, quantile, median, mode, string_agg), whose state grows with every row:
/// under a bounded pool the raw rows are also kept (reserved) until the input ends or the pool refuses; a refusal
/// writes them and every later row to the partitions and drops the in-memory pass. Output: partition by
/// partition.</item>
/// </list>
/// Within a pass, groups come in order of first appearance; partitions in index order, sub-partitions likewise,
/// so the output order is fixed for a given input, batch sizes and budget. Not thread-safe: one per stream.
/// </summary>
internal sealed class HashAggregate : IDisposable
{
    /// <summary>Deepest re-partitioning level; a file still too big there holds few keys with many rows.</summary>
    private const int MaxLevel = 4;

    private readonly PipelineContext _context;
    private readonly AggregatePlan _plan;
    private readonly string _name;
    private readonly MemoryReservation _reservation;
    private readonly KeyHasher _keys;
    private readonly bool _retain;
    private readonly List<RecordBatch> _retained = [];
    private readonly List<(SpillFile File, int Level)> _pending = [];
    private SpillFile? _current;
    private long _retainedBytes;
    private AggregationPass? _pass;
    private SpillPartitioner? _partitioner;
    private bool _finished;

    public HashAggregate(PipelineContext context, AggregatePlan plan, string name)
    {
        _context = context;
        _plan = plan;
        _name = name;
        _keys = new KeyHasher(plan.ProjectedSchema, plan.KeyColumns);
        // Without keys there is one group, which no partitioning splits: nothing to keep rows for.
        _retain = plan.Holistic && plan.Keys.Count > 0 && context.MemoryPool.Limit is not null;
        _pass = new AggregationPass(plan);
        _reservation = context.MemoryPool.Register(new MemoryConsumer(name, CanSpill: true));
    }

    /// <summary>Folds a batch, taking ownership of it.</summary>
    public void Add(RecordBatch batch)
    {
        using (batch)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (batch.Length == 0) return;
            var projected = new RecordBatch(_plan.ProjectedSchema, _plan.InputColumns.Select(batch.Column), batch.Length);
            // The pass finds groups from the key columns themselves; the seeded key hash is only for spilling.
            if (_partitioner is null) AddInMemory(projected);
            else if (_pass is null)
            {
                _keys.Hash(projected);
                _partitioner.Write(projected, _keys);
            }
            else AddFrozen(projected);
        }
    }

    private void AddInMemory(RecordBatch projected)
    {
        _pass!.Add(projected, _keys);
        if (_retain)
        {
            var copy = BatchCopy.Of(projected);
            _retained.Add(copy);
            _retainedBytes += BatchBytes.Of(copy);
        }
        if (_reservation.TryResize(_pass.Bytes + _retainedBytes)) return;
        if (_plan.Keys.Count == 0)
        {
            // One group cannot be split: its state fits the budget or the pool's error says who asked for how much.
            _reservation.Resize(_pass.Bytes);
            return;
        }
        _partitioner = new SpillPartitioner(_context.Spill, _plan.ProjectedSchema, _name, level: 0);
        if (!_retain) return; // frozen: the groups in memory stay
        foreach (var retained in _retained)
        {
            using (retained)
            {
                _keys.Hash(retained);
                _partitioner.Write(retained, _keys);
            }
        }
        _retained.Clear();
        _retainedBytes = 0;
        _pass = null;
        _reservation.Resize(0);
        HeapRelease.Collect();
    }

    /// <summary>After a spill without holistic measures: rows of groups in memory are folded, the others partitioned.</summary>
    private void AddFrozen(RecordBatch projected)
    {
        var resident = new List<int>();
        var other = new List<int>();
        var ids = new int[projected.Length];
        _pass!.Find(projected, ids);
        for (int r = 0; r < ids.Length; r++) (ids[r] >= 0 ? resident : other).Add(r);
        if (other.Count == 0)
        {
            _pass.Add(projected, _keys);
            return;
        }
        _keys.Hash(projected);
        _partitioner!.Write(projected, _keys, other);
        if (resident.Count == 0) return;
        using var rows = RowGather.Take(projected, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(resident));
        _pass.Add(rows, _keys);
        // These groups' states have a fixed size (strings aside), so this only tracks a longer min/max string.
        _reservation.TryResize(_pass.Bytes);
    }

    /// <summary>The groups, in batches; the caller owns each. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<RecordBatch> Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        return Emit();
    }

    private IEnumerable<RecordBatch> Emit()
    {
        foreach (var retained in _retained) retained.Dispose();
        _retained.Clear();
        _retainedBytes = 0;
        if (_pass is not null) _reservation.TryResize(_pass.Bytes); // shrinks: the kept rows are gone
        if (_pass is { } pass)
        {
            foreach (var batch in pass.Emit(_plan.OutputSchema, _keys.KeySchema, _context.Options.BatchSize, _context.CancellationToken)) yield return batch;
            _pass = null;
            _reservation.Resize(0);
        }
        if (_partitioner is null) yield break;
        _pending.AddRange(_partitioner.Complete().Select(file => (file, 1)));
        _partitioner.Dispose();
        while (_pending.Count > 0)
        {
            var (file, level) = _pending[0];
            _pending.RemoveAt(0);
            _current = file;
            var filePass = Aggregate(file, force: level > MaxLevel);
            if (filePass is null)
            {
                var parts = Split(file, level);
                _current = null;
                // Sub-partitions go first, in order, so the output order stays fixed.
                _pending.InsertRange(0, parts.Select(part => (part, level + 1)));
                continue;
            }
            file.Dispose();
            _current = null;
            foreach (var batch in filePass.Emit(_plan.OutputSchema, _keys.KeySchema, _context.Options.BatchSize, _context.CancellationToken)) yield return batch;
            _reservation.Resize(0);
        }
    }

    /// <summary>One file's pass, or null when the pool refused its size (unless <paramref name="force"/>: then the pool's error).</summary>
    private AggregationPass? Aggregate(SpillFile file, bool force)
    {
        var pass = new AggregationPass(_plan);
        using var reader = file.OpenRead(unmapPassedSegments: true);
        while (reader.ReadNext() is { } batch)
        {
            using (batch)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                pass.Add(batch, _keys);
            }
            if (_reservation.TryResize(pass.Bytes)) continue;
            if (!force)
            {
                _reservation.Resize(0);
                return null;
            }
            // One key (or a few) holds more than the budget: no split can help, so the pool says who asked for how much.
            _reservation.Resize(pass.Bytes);
        }
        return pass;
    }

    /// <summary>Writes a file's rows to the partitions of <paramref name="level"/> (each re-split uses a new hash seed) and deletes it.</summary>
    private List<SpillFile> Split(SpillFile file, int level)
    {
        using var partitioner = new SpillPartitioner(_context.Spill, _plan.ProjectedSchema, _name, level);
        using (var reader = file.OpenRead(unmapPassedSegments: true))
        {
            while (reader.ReadNext() is { } batch)
            {
                using (batch)
                {
                    _context.CancellationToken.ThrowIfCancellationRequested();
                    _keys.Hash(batch);
                    partitioner.Write(batch, _keys);
                }
            }
        }
        file.Dispose();
        HeapRelease.Collect();
        return partitioner.Complete();
    }

    /// <summary>Deletes every spill file and gives the memory back. Safe at any point (failure, cancellation).</summary>
    public void Dispose()
    {
        _finished = true;
        foreach (var retained in _retained) retained.Dispose();
        _retained.Clear();
        _partitioner?.Dispose();
        foreach (var (file, _) in _pending) file.Dispose();
        _pending.Clear();
        _current?.Dispose();
        _current = null;
        _pass = null;
        _reservation.Dispose();
    }
}
