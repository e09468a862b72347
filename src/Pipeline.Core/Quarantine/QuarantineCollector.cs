using System.Collections.Concurrent;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Pipeline.Core.Quarantine;

/// <summary>
/// Collects rejected rows from every stage, thread-safely, in bounded memory: past <see cref="ChunkRows"/> rows the
/// buffered rows are appended to an Arrow IPC stream file in the spill directory, so a file where every row is bad
/// does not grow the heap. <see cref="OpenReader"/> replays everything in arrival order for the run folder's
/// <c>quarantine.parquet</c>. Counts are exact per stage.
/// </summary>
public sealed class QuarantineCollector : IDisposable
{
    /// <summary>Raw record text longer than this is cut (with a marker) so one huge bad row cannot exhaust memory.</summary>
    public const int MaxRecordChars = 4096;

    /// <summary>Rows buffered in memory before a chunk is written to disk.</summary>
    public const int ChunkRows = 8192;

    /// <summary>Schema of quarantined rows: <c>stage</c>, <c>source</c>, <c>line</c>, <c>reason</c>, <c>record</c>.</summary>
    public static readonly Schema RowSchema = new Schema.Builder()
        .Field(f => f.Name("stage").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("source").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("line").DataType(Int64Type.Default).Nullable(true))
        .Field(f => f.Name("reason").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("record").DataType(StringType.Default).Nullable(true))
        .Build();

    private readonly Lock _gate = new();
    private readonly string? _spillDirectory;
    private readonly ConcurrentDictionary<string, long> _countsByStage = new();
    private List<QuarantinedRow> _buffer = [];
    private string? _spillPath;
    private FileStream? _spillFile;
    private ArrowStreamWriter? _spillWriter;
    private long _count;
    private readonly SpilledBatches _ruleRows;
    private Memory.MemoryReservation? _reservation;
    private Func<Spill.SpillManager>? _spill;
    private long _bufferedBytes;
    private int _unreserved;

    /// <summary>Rows held past a refused reservation before they are written out.</summary>
    private const int UnreservedRows = 64;

    /// <summary>Creates a collector that spills to <paramref name="spillDirectory"/> (the system temp folder when null).</summary>
    public QuarantineCollector(string? spillDirectory = null)
    {
        _spillDirectory = spillDirectory;
        // A batch of rule failures holds rows of one input batch in order, and input batches do not overlap, so
        // ordering the batches by their first row orders every row: the file is the same at any parallelism.
        _ruleRows = new SpilledBatches(spillDirectory, ChunkRows, FirstRow);
    }

    /// <summary>
    /// Puts the collector under a run's memory budget and spill folder: the rows it holds are reserved from
    /// <paramref name="pool"/> by their size, a refused reservation writes them out early, and its files go into the
    /// run's spill folder and count in the run's spilled bytes. Until attached (a collector used on its own) it holds
    /// at most <see cref="ChunkRows"/> rows and spills to its own folder.
    /// </summary>
    internal void Attach(Memory.MemoryPool pool, Func<Spill.SpillManager> spill)
    {
        lock (_gate)
        {
            _reservation ??= pool.Register(new Memory.MemoryConsumer("quarantine", CanSpill: true));
            _spill = spill;
            _ruleRows.Attach(pool, spill);
        }
    }

    /// <summary>Total rows quarantined.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Rows quarantined per stage.</summary>
    public IReadOnlyDictionary<string, long> CountsByStage => new Dictionary<string, long>(_countsByStage);

    /// <summary>Adds a rejected row.</summary>
    public void Add(QuarantinedRow row)
    {
        if (row.Record is { Length: > MaxRecordChars } r)
            row = row with { Record = string.Concat(r.AsSpan(0, MaxRecordChars), "…[truncated]") };
        _countsByStage.AddOrUpdate(row.Stage, 1, (_, c) => c + 1);
        Interlocked.Increment(ref _count);
        // Strings are UTF-16 in memory; the fixed part covers the row object and the list slot.
        long bytes = 64 + 2L * (row.Stage.Length + row.Source.Length + row.Reason.Length + (row.Record?.Length ?? 0));
        lock (_gate)
        {
            bool reserved = _reservation?.TryGrow(bytes) ?? true;
            _buffer.Add(row);
            if (reserved) _bufferedBytes += bytes;
            else _unreserved++;
            // Past the budget a few rows still gather before a write, so a run of bad rows is not one write per row;
            // they are small (records are cut at MaxRecordChars).
            if (_buffer.Count >= ChunkRows || _unreserved >= UnreservedRows) SpillBuffer();
        }
    }

    /// <summary>Adds rows that failed rules, with their data, already in the <see cref="QuarantineFile"/> layout
    /// (see <see cref="QuarantineFile.FromRuleFailures"/>). Takes ownership of the batch. Like <see cref="Add"/>, the
    /// rows are spilled to disk past <see cref="ChunkRows"/> so memory stays bounded.</summary>
    public void AddRuleFailures(RecordBatch rows, string stage)
    {
        if (rows.Length == 0) { rows.Dispose(); return; }
        _countsByStage.AddOrUpdate(stage, rows.Length, (_, c) => c + rows.Length);
        Interlocked.Add(ref _count, rows.Length);
        _ruleRows.Add(rows);
    }

    /// <summary>The first <c>_row</c> of a batch in the <see cref="QuarantineFile"/> layout (batches without one last).</summary>
    private static long FirstRow(RecordBatch batch) =>
        batch.Schema.GetFieldIndex("_row") is int i and >= 0 && batch.Column(i) is Int64Array rows && rows.Length > 0 && rows.GetValue(0) is long row
            ? row : long.MaxValue;

    /// <summary>Replays everything for <c>quarantine.parquet</c> in the <see cref="QuarantineFile"/> layout of
    /// <paramref name="dataSchema"/> (the input schema; null when the run never got one): reader-rejected rows first,
    /// with null data, then rule failures in row order. Call after the run has finished adding rows.</summary>
    public IArrowArrayStream OpenFileReader(Schema? dataSchema)
    {
        var file = QuarantineFile.For(dataSchema);
        var rejected = OpenReader();
        var failures = _ruleRows.Replay();
        return Streams.BatchStream.From(file, ReplayFile(file, rejected, failures));
    }

    private static async IAsyncEnumerable<RecordBatch> ReplayFile(Schema file, IArrowArrayStream rejected, IAsyncEnumerable<RecordBatch> failures)
    {
        using (rejected)
        {
            while (await rejected.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
                yield return QuarantineFile.FromRejected(file, batch);
        }
        await foreach (var batch in failures.ConfigureAwait(false)) yield return batch;
    }

    /// <summary>Replays every quarantined row, in arrival order, as batches of <see cref="RowSchema"/>.
    /// Call after the run has finished adding rows.</summary>
    public IArrowArrayStream OpenReader()
    {
        lock (_gate)
        {
            _spillWriter?.WriteEnd();
            _spillFile?.Flush();
            var spilled = _spillPath;
            var tail = _buffer.ToList();
            return Streams.BatchStream.From(RowSchema, Replay(spilled, tail));
        }
    }

    private static async IAsyncEnumerable<RecordBatch> Replay(string? spillPath, List<QuarantinedRow> tail)
    {
        if (spillPath is not null)
        {
            using var file = new FileStream(spillPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new ArrowStreamReader(file);
            while (await reader.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch)
                yield return batch;
        }
        if (tail.Count > 0) yield return ToBatch(tail);
    }

    private void SpillBuffer()
    {
        if (_spillWriter is null)
        {
            if (_spill is { } spill) _spillPath = spill().CreateFilePath("quarantine");
            else
            {
                var dir = _spillDirectory ?? Path.GetTempPath();
                Directory.CreateDirectory(dir);
                _spillPath = Path.Combine(dir, $"pipeline-quarantine-{Environment.ProcessId}-{Guid.NewGuid():N}.arrows");
            }
            _spillFile = new FileStream(_spillPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            _spillWriter = new ArrowStreamWriter(_spillFile, RowSchema, leaveOpen: true);
        }
        using var batch = ToBatch(_buffer);
        long before = _spillFile!.Position;
        _spillWriter.WriteRecordBatch(batch);
        _spill?.Invoke().AddSpilled(_spillFile.Position - before);
        _buffer = [];
        _reservation?.Shrink(_bufferedBytes);
        _bufferedBytes = 0;
        _unreserved = 0;
    }

    /// <summary>Builds a batch of <see cref="RowSchema"/> from rows.</summary>
    public static RecordBatch ToBatch(IReadOnlyList<QuarantinedRow> rows)
    {
        var stage = new StringArray.Builder();
        var source = new StringArray.Builder();
        var line = new Int64Array.Builder();
        var reason = new StringArray.Builder();
        var record = new StringArray.Builder();
        foreach (var r in rows)
        {
            stage.Append(r.Stage);
            source.Append(r.Source);
            if (r.Line is { } l) line.Append(l); else line.AppendNull();
            reason.Append(r.Reason);
            if (r.Record is null) record.AppendNull(); else record.Append(r.Record);
        }
        return new RecordBatch(RowSchema, [stage.Build(), source.Build(), line.Build(), reason.Build(), record.Build()], rows.Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _spillWriter?.Dispose();
            _spillFile?.Dispose(); // DeleteOnClose removes the spill file
            _spillWriter = null;
            _spillFile = null;
            _reservation?.Dispose();
            _reservation = null;
        }
        _ruleRows.Dispose();
    }
}
