using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// One run of a hash join within the run's memory budget.
/// <para>
/// Build: the build side is read fully into a <see cref="JoinHashTable"/>, reserving as it goes. If it all fits,
/// each probe batch is joined as it arrives and the output follows probe order (each probe row followed by its
/// matches in build order). If the pool refuses (grace hash join): the held build rows and every later one are
/// split into N partitions on disk by key hash, then so is the probe side (probe rows with a null key are answered
/// at once: dropped, or emitted unmatched), and partition i of the build side is joined with partition i of the
/// probe side, in partition order. A build partition still too big is split again with another seed, up to
/// <see cref="MaxLevel"/> levels; one that does not split (a single key with more rows than the budget) or is too
/// big at the last level is joined block by block (<see cref="JoinBlocks"/>). After a spill the output order is
/// therefore: null-key probe rows as they arrive, then partition by partition (within a partition in probe order,
/// or in block order) — deterministic for a given input, budget and batch size.
/// </para>
/// Not thread-safe: one instance per output stream.
/// </summary>
internal sealed class HashJoin : IDisposable
{
    /// <summary>Partitioning levels before falling back to blocks: 16^4 partitions cover any realistic build side.</summary>
    private const int MaxLevel = 4;

    private readonly PipelineContext _context;
    private readonly JoinPlan _plan;
    private readonly string _name;
    private readonly int _partitions;
    private readonly int _batchRows;
    private readonly MemoryReservation _reservation;
    private readonly JoinKeyEncoder _buildKeys;
    private readonly JoinKeyEncoder _probeKeys;
    private readonly JoinHashTable _table;
    private readonly JoinProber _prober;
    private readonly RowRef[] _nulls;
    private JoinPartitioner? _buildPartitioner;
    private JoinPartitioner? _probePartitioner;
    private SpillFile?[]? _buildFiles;
    private bool _spilled;

    /// <param name="context">The run: memory pool, spill manager, batch size, cancellation.</param>
    /// <param name="plan">The join's keys and output.</param>
    /// <param name="name">Consumer name in memory errors and spill file names.</param>
    public HashJoin(PipelineContext context, JoinPlan plan, string name)
    {
        _context = context;
        _plan = plan;
        _name = name;
        _partitions = context.MemoryPool.Limit is { } limit ? (int)Math.Clamp(limit / 4 / JoinPartitioner.BufferBytesPerPartition, 2, 16) : 16;
        _batchRows = context.Options.BatchSize;
        _reservation = context.MemoryPool.Register(new MemoryConsumer(name, CanSpill: true));
        _buildKeys = new JoinKeyEncoder(plan.BuildKeys);
        _probeKeys = new JoinKeyEncoder(plan.ProbeKeys);
        _table = new JoinHashTable(_reservation, _buildKeys.NumberMode);
        _prober = new JoinProber(plan.Kind, plan.Output, _batchRows, Statistics);
        _nulls = new RowRef[_batchRows];
        _nulls.AsSpan().Fill(RowRef.Null);
    }

    /// <summary>The counts so far; complete once <see cref="Finish"/> has been enumerated to its end.</summary>
    public JoinStatistics Statistics { get; } = new();

    /// <summary>Whether the build side did not fit and the join went to disk.</summary>
    public bool Spilled => _spilled;

    /// <summary>Whether, once built, probe batches may be joined on several threads (<see cref="NewProbeWorker"/>):
    /// the build side fit in memory, so probing only reads the table.</summary>
    public bool ProbesInParallel => !_spilled;

    /// <summary>A prober of its own for one thread, over the finished in-memory table.</summary>
    public JoinProbeWorker NewProbeWorker() => new(_plan, _table, _batchRows);

    /// <summary>Adds a worker's counts to <see cref="Statistics"/> (once it has probed its last batch).</summary>
    public void Absorb(JoinProbeWorker worker)
    {
        var counts = worker.Statistics;
        Statistics.ProbeRows += counts.ProbeRows;
        Statistics.MatchedProbeRows += counts.MatchedProbeRows;
        Statistics.UnmatchedProbeRows += counts.UnmatchedProbeRows;
    }

    /// <summary>Reads the whole build side (the caller keeps ownership of the stream).</summary>
    public async Task BuildAsync(IArrowArrayStream build, CancellationToken cancellationToken)
    {
        while (await build.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            bool owned = false;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                Statistics.BuildRows += batch.Length;
                if (batch.Length == 0) continue;
                _buildKeys.Encode(batch);
                if (!_spilled)
                {
                    if (_table.TryAdd(batch, _buildKeys)) { owned = true; continue; }
                    StartSpill();
                    _buildKeys.Encode(batch);
                }
                Statistics.UnmatchedBuildRows += _buildPartitioner!.Write(batch, _buildKeys, null);
            }
            finally
            {
                if (!owned) batch.Dispose();
            }
        }
        if (!_spilled)
        {
            _table.Finish(_plan.Payload);
            return;
        }
        _buildFiles = _buildPartitioner!.Complete();
        Statistics.SpilledBytes += _buildPartitioner.WrittenBytes;
        _buildPartitioner.Dispose();
        _buildPartitioner = null;
        _probePartitioner = new JoinPartitioner(_context.Spill, $"{_name}-probe", _plan.ProbeSpillSchema, _partitions, 0, _reservation);
    }

    /// <summary>Moves the rows held so far to build partitions; every later build row goes there too.</summary>
    private void StartSpill()
    {
        _spilled = true;
        var held = _table.TakeBatches();
        try
        {
            _buildPartitioner = new JoinPartitioner(_context.Spill, $"{_name}-build", _plan.BuildSpillSchema, _partitions, 0, _reservation);
            foreach (var batch in held)
            {
                _buildKeys.Encode(batch);
                Statistics.UnmatchedBuildRows += _buildPartitioner.Write(batch, _buildKeys, null);
            }
        }
        finally
        {
            foreach (var batch in held) batch.Dispose();
        }
    }

    /// <summary>The output for one probe batch (taking ownership of it): joined at once, or partitioned after a spill.</summary>
    public IEnumerable<RecordBatch> Probe(RecordBatch batch)
    {
        try
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            Statistics.ProbeRows += batch.Length;
            if (batch.Length == 0) yield break;
            _probeKeys.Encode(batch);
            if (!_spilled)
            {
                foreach (var output in _prober.Probe(_table, batch, _probeKeys)) yield return output;
                yield break;
            }
            var unmatchable = new List<int>();
            Statistics.UnmatchedProbeRows += _probePartitioner!.Write(batch, _probeKeys, unmatchable);
            foreach (var output in Unmatched(batch, unmatchable)) yield return output;
        }
        finally
        {
            batch.Dispose();
        }
    }

    /// <summary>What remains once the probe side ended: nothing in memory, every partition after a spill.</summary>
    public IEnumerable<RecordBatch> Finish()
    {
        if (!_spilled)
        {
            Statistics.UnmatchedBuildRows += _table.UnmatchedRows;
            _table.Clear();
            yield break;
        }
        var probeFiles = _probePartitioner!.Complete();
        Statistics.SpilledBytes += _probePartitioner.WrittenBytes;
        _probePartitioner.Dispose();
        _probePartitioner = null;
        var buildFiles = _buildFiles!;
        _buildFiles = null;
        for (int p = 0; p < buildFiles.Length; p++)
        {
            foreach (var output in JoinPartition(buildFiles[p], probeFiles[p], 0)) yield return output;
        }
    }

    /// <summary>Joins one build partition with its probe partition (deleting both when done).</summary>
    private IEnumerable<RecordBatch> JoinPartition(SpillFile? build, SpillFile? probe, int level)
    {
        try
        {
            long buildRows = build?.Rows ?? 0;
            if (probe is null || probe.Rows == 0)
            {
                Statistics.UnmatchedBuildRows += buildRows;
                yield break;
            }
            if (buildRows == 0)
            {
                using var reader = probe.OpenRead(unmapPassedSegments: true);
                while (reader.ReadNext() is { } batch)
                {
                    using (batch)
                    {
                        Statistics.UnmatchedProbeRows += batch.Length;
                        foreach (var output in Unmatched(batch, [.. Enumerable.Range(0, batch.Length)])) yield return output;
                    }
                }
                yield break;
            }
            bool fits = true;
            var buildReader = build!.OpenRead();
            try
            {
                while (buildReader.ReadNext() is { } batch)
                {
                    _buildKeys.Encode(batch);
                    if (_table.TryAdd(batch, _buildKeys)) continue;
                    batch.Dispose();
                    fits = false;
                    break;
                }
                if (fits)
                {
                    _table.Finish(_plan.Payload);
                    foreach (var output in ProbeFile(probe, matched: null)) yield return output;
                    Statistics.UnmatchedBuildRows += _table.UnmatchedRows;
                }
            }
            finally
            {
                // The table's batches live in the reader's mappings: drop them first.
                _table.Clear();
                buildReader.Dispose();
            }
            if (fits) yield break;
            if (level + 1 >= MaxLevel)
            {
                foreach (var output in JoinBlocks(build, probe)) yield return output;
                yield break;
            }
            Statistics.Repartitions++;
            var subBuild = Repartition(build, _buildKeys, _plan.BuildSpillSchema, "build", level + 1);
            var subProbe = Repartition(probe, _probeKeys, _plan.ProbeSpillSchema, "probe", level + 1);
            // The sub-partitions hold every row now: free the disk early.
            build.Dispose();
            probe.Dispose();
            for (int p = 0; p < subBuild.Length; p++)
            {
                // Nothing split off: the partition is (nearly) one key, which no seed will split.
                var part = subBuild[p] is { } b && b.Rows == buildRows
                    ? JoinBlocks(subBuild[p]!, subProbe[p])
                    : JoinPartition(subBuild[p], subProbe[p], level + 1);
                foreach (var output in part) yield return output;
            }
        }
        finally
        {
            build?.Dispose();
            probe?.Dispose();
        }
    }

    /// <summary>Probes the table with every batch of a probe partition file.</summary>
    private IEnumerable<RecordBatch> ProbeFile(SpillFile probe, bool[]? matched)
    {
        using var reader = probe.OpenRead(unmapPassedSegments: true);
        int first = 0;
        while (reader.ReadNext() is { } batch)
        {
            using (batch)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                _probeKeys.Encode(batch);
                foreach (var output in _prober.Probe(_table, batch, _probeKeys, matched, first)) yield return output;
                first += batch.Length;
            }
        }
    }

    /// <summary>
    /// A block nested-loop join for a partition that cannot be split further: the build partition is loaded in
    /// blocks that fit, and the whole probe partition is probed against each block; matched pairs come out block
    /// by block, and a bit per probe row remembers whether it matched anywhere, so semi, anti and unmatched left
    /// rows come out at the end, in probe order. A block of one batch is always taken (a batch larger than the
    /// whole budget fails with the pool's error).
    /// </summary>
    private IEnumerable<RecordBatch> JoinBlocks(SpillFile build, SpillFile? probe)
    {
        if (probe is null || probe.Rows == 0)
        {
            Statistics.UnmatchedBuildRows += build.Rows;
            build.Dispose();
            yield break;
        }
        Statistics.BlockJoins++;
        int probeRows = checked((int)probe.Rows);
        _reservation.Grow(probeRows);
        var matched = new bool[probeRows];
        var reader = build.OpenRead();
        RecordBatch? carry = null;
        try
        {
            while (true)
            {
                if (carry is not null)
                {
                    _buildKeys.Encode(carry);
                    _table.TryAdd(carry, _buildKeys, force: true);
                    carry = null;
                }
                while (reader.ReadNext() is { } batch)
                {
                    _buildKeys.Encode(batch);
                    if (_table.TryAdd(batch, _buildKeys, force: _table.Rows == 0)) continue;
                    carry = batch;
                    break;
                }
                if (_table.Rows == 0) break;
                _table.Finish(_plan.Payload);
                foreach (var output in ProbeFile(probe, matched)) yield return output;
                Statistics.UnmatchedBuildRows += _table.UnmatchedRows;
                _table.Clear();
                if (carry is null) break;
            }
            foreach (var output in EmitByMatch(probe, matched)) yield return output;
        }
        finally
        {
            _table.Clear();
            carry?.Dispose();
            reader.Dispose();
            _reservation.Shrink(probeRows);
            build.Dispose();
            probe.Dispose();
        }
    }

    /// <summary>After the blocks: counts every probe row and emits the semi, anti or unmatched left ones.</summary>
    private IEnumerable<RecordBatch> EmitByMatch(SpillFile probe, bool[] matched)
    {
        using var reader = probe.OpenRead(unmapPassedSegments: true);
        int first = 0;
        var rows = new List<int>();
        while (reader.ReadNext() is { } batch)
        {
            using (batch)
            {
                rows.Clear();
                for (int r = 0; r < batch.Length; r++)
                {
                    bool found = matched[first + r];
                    if (found) Statistics.MatchedProbeRows++;
                    else Statistics.UnmatchedProbeRows++;
                    if (_plan.Kind == JoinKind.Semi ? found : _plan.Kind != JoinKind.Inner && !found) rows.Add(r);
                }
                first += batch.Length;
                var output = _plan.Kind == JoinKind.Semi ? Emit(batch, rows) : Unmatched(batch, rows);
                foreach (var o in output) yield return o;
            }
        }
    }

    /// <summary>Probe rows <paramref name="rows"/> as unmatched output: left rows with null build columns, anti rows; nothing for inner and semi.</summary>
    private IEnumerable<RecordBatch> Unmatched(RecordBatch batch, List<int> rows)
        => _plan.Kind is JoinKind.Left or JoinKind.Anti ? Emit(batch, rows) : [];

    /// <summary>Probe rows <paramref name="rows"/> alone (build columns null), in batches of at most the batch size.</summary>
    private IEnumerable<RecordBatch> Emit(RecordBatch batch, List<int> rows)
    {
        for (int start = 0; start < rows.Count; start += _batchRows)
        {
            int count = Math.Min(_batchRows, rows.Count - start);
            var chosen = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows).Slice(start, count);
            yield return _plan.Output.Gather(batch, chosen, null, _nulls.AsSpan(0, count));
        }
    }

    /// <summary>Splits a partition file again at <paramref name="level"/> (another hash seed), deleting nothing.</summary>
    private SpillFile?[] Repartition(SpillFile file, JoinKeyEncoder keys, Schema schema, string side, int level)
    {
        using var partitioner = new JoinPartitioner(_context.Spill, $"{_name}-{side}", schema, _partitions, level, _reservation);
        using (var reader = file.OpenRead(unmapPassedSegments: true))
        {
            while (reader.ReadNext() is { } batch)
            {
                using (batch)
                {
                    _context.CancellationToken.ThrowIfCancellationRequested();
                    keys.Encode(batch);
                    partitioner.Write(batch, keys, null);
                }
            }
        }
        var files = partitioner.Complete();
        Statistics.SpilledBytes += partitioner.WrittenBytes;
        return files;
    }

    /// <summary>Deletes every spill file, drops held batches and gives the memory back. Safe at any point.</summary>
    public void Dispose()
    {
        _table.Dispose();
        _buildPartitioner?.Dispose();
        _probePartitioner?.Dispose();
        foreach (var file in _buildFiles ?? []) file?.Dispose();
        _buildFiles = null;
        _reservation.Dispose();
    }
}
