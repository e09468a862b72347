using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// Sorts a stream by one or more columns (ascending or descending, nulls first or last), stably, within the run's
/// memory budget. Batches are held (and reserved) until the pool refuses; the held rows are then sorted by their
/// encoded keys (<see cref="SortKeyEncoder"/>) and spilled as one sorted run of IPC batches carrying the key as an
/// extra column. At the end, a sort that never spilled emits straight from memory; otherwise the last run is
/// spilled too and the runs are merged k ways (<see cref="RunMerger"/>). Output batches are copies with
/// dictionaries decoded (<see cref="RowGather.OutputSchema"/>). Not thread-safe: one instance per stream.
/// </summary>
public sealed class ExternalSort : IDisposable
{
    /// <summary>Name of the key column in spilled runs.</summary>
    private const string KeyColumn = "__pipeline_sort_key";

    /// <summary>Target size of one spilled batch: the merge keeps one batch per run alive.</summary>
    private const long SpillBatchBytes = 1L << 20;

    /// <summary>Run segments stay small so the merge, which unmaps passed segments, keeps few pages mapped per run.</summary>
    private const long RunSegmentBytes = 8L << 20;

    private readonly PipelineContext _context;
    private readonly string _name;
    private readonly Schema _inputSchema;
    private readonly Schema _runSchema;
    private readonly SortKeyEncoder _encoder;
    private readonly MemoryReservation _reservation;
    private readonly SortRun _run = new();
    private readonly List<SpillFile> _runs = [];
    private readonly long _maxHeldBytes;
    private RunMerger? _merger;
    private bool _finished;

    /// <summary>Creates a sort of batches with <paramref name="schema"/> reserving memory from <paramref name="context"/>'s pool as <paramref name="name"/>.</summary>
    /// <param name="context">Supplies the memory pool, spill manager, options and cancellation.</param>
    /// <param name="schema">Schema of every input batch.</param>
    /// <param name="keys">Sort columns, most significant first.</param>
    /// <param name="name">Consumer name in memory errors and spill file names.</param>
    /// <param name="maxHeldBytes">Spill a run at this size even when the pool would give more (for operators running several sorts at once); no cap when null.</param>
    /// <exception cref="Errors.PipelineException">A sort column is missing or has a type that cannot be ordered.</exception>
    public ExternalSort(PipelineContext context, Schema schema, IReadOnlyList<SortKey> keys, string name = "sort", long? maxHeldBytes = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(keys);
        _context = context;
        _name = name;
        _inputSchema = schema;
        _encoder = new SortKeyEncoder(schema, keys);
        OutputSchema = RowGather.OutputSchema(schema);
        var builder = new Schema.Builder();
        foreach (var field in OutputSchema.FieldsList) builder.Field(field);
        builder.Field(f => f.Name(KeyColumn).DataType(BinaryType.Default).Nullable(false));
        _runSchema = builder.Build();
        _maxHeldBytes = maxHeldBytes ?? long.MaxValue;
        _reservation = context.MemoryPool.Register(new MemoryConsumer(name, CanSpill: true));
    }

    /// <summary>Schema of the sorted batches: the input's, with dictionary columns decoded.</summary>
    public Schema OutputSchema { get; }

    /// <summary>Rows added so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Sorted runs spilled so far (0 when everything fit in memory).</summary>
    public int SpilledRuns { get; private set; }

    /// <summary>Adds a batch, taking ownership of it.</summary>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_finished)
        {
            batch.Dispose();
            throw new ObjectDisposedException(nameof(ExternalSort));
        }
        try
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (batch.Length == 0) { batch.Dispose(); return; }
            _encoder.Encode(batch);
            long cost = SortRun.Cost(BatchBytes.Of(batch), batch.Length, _encoder.TotalBytes);
            Rows += batch.Length;
            if (_run.Bytes + cost > _maxHeldBytes || !_reservation.TryGrow(cost))
            {
                SpillRun();
                if (cost > _maxHeldBytes || !_reservation.TryGrow(cost))
                {
                    // Other consumers hold the budget (or one batch exceeds this sort's share): the batch becomes a
                    // run of its own, sorted and spilled at once, a brief overshoot of one batch.
                    _run.Add(batch, _encoder, 0);
                    SpillRun();
                    return;
                }
            }
            _run.Add(batch, _encoder, cost);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <summary>The sorted rows, in batches of at most the run's batch size; the caller owns each batch. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<RecordBatch> Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        return _runs.Count == 0 ? EmitFromMemory() : EmitMerged();
    }

    private IEnumerable<RecordBatch> EmitFromMemory()
    {
        var sorted = _run.SortedRows();
        int batchRows = _context.Options.BatchSize;
        for (int start = 0; start < sorted.Length; start += batchRows)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchRows, sorted.Length - start);
            yield return RowGather.Gather(_inputSchema, _run.Batches, sorted.AsSpan(start, count));
        }
        _run.Clear();
        _reservation.Resize(0);
    }

    private IEnumerable<RecordBatch> EmitMerged()
    {
        if (_run.Rows > 0) SpillRun();
        _merger = new RunMerger(OutputSchema, _runs, _context.Options.BatchSize);
        foreach (var batch in _merger.Merge(_context.CancellationToken)) yield return batch;
        _merger.Dispose();
        _merger = null;
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
    }

    /// <summary>Sorts the held rows and writes them as one run, then gives their memory back.</summary>
    private void SpillRun()
    {
        if (_run.Rows == 0) return;
        var sorted = _run.SortedRows();
        int chunkRows = (int)Math.Clamp(SpillBatchBytes * _run.Rows / Math.Max(1, _run.Bytes), 16, _context.Options.BatchSize);
        using var writer = _context.Spill.CreateWriter($"{_name}-run{_runs.Count}", _runSchema, RunSegmentBytes);
        for (int start = 0; start < sorted.Length; start += chunkRows)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(chunkRows, sorted.Length - start);
            var rows = sorted.AsSpan(start, count);
            using var gathered = RowGather.Gather(_inputSchema, _run.Batches, rows);
            var keys = new BinaryArray.Builder();
            foreach (var row in rows) keys.Append(_run.Key(row));
            using var keyArray = keys.Build(_context.Allocator);
            var columns = new IArrowArray[_runSchema.FieldsList.Count];
            for (int c = 0; c < gathered.ColumnCount; c++) columns[c] = gathered.Column(c);
            columns[^1] = keyArray;
            // Not disposed itself: its columns belong to the gathered batch and the key array, both disposed above.
            var batch = new RecordBatch(_runSchema, columns, count);
            writer.Write(batch);
        }
        _runs.Add(writer.Complete());
        SpilledRuns++;
        _run.Clear();
        _reservation.Resize(0);
    }

    /// <summary>Disposes held batches, deletes the runs and gives the memory back. Safe to call at any point (failure, cancellation).</summary>
    public void Dispose()
    {
        _finished = true;
        _merger?.Dispose();
        _merger = null;
        _run.Dispose();
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
        _reservation.Dispose();
    }
}
