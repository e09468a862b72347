using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Pipeline.Core.Quarantine;

/// <summary>
/// A thread-safe append-only collection of batches of one schema that keeps at most about <c>chunkRows</c> rows in
/// memory: beyond that, buffered batches go to a file in the spill folder (deleted on dispose), each as a small Arrow
/// IPC stream of its own, so a batch can be read back alone and keeps its own dictionaries. Replay yields the batches
/// ordered by <c>orderKey</c> (ties in arrival order), not by arrival: workers finish batches in an order that changes
/// from run to run, and the replayed file must not. Only the keys and file offsets stay in memory.
/// </summary>
internal sealed class SpilledBatches(string? spillDirectory, int chunkRows, Func<RecordBatch, long> orderKey) : IDisposable
{
    private readonly Lock _gate = new();
    private List<RecordBatch> _buffer = [];
    private int _bufferedRows;
    /// <summary>Per spilled batch, in file order: its key and where its stream starts.</summary>
    private readonly List<(long Key, long Offset)> _spilled = [];
    private string? _path;
    private FileStream? _file;
    private Memory.MemoryReservation? _reservation;
    private Func<Spill.SpillManager>? _spillManager;
    private long _bufferedBytes;

    /// <summary>Reserves buffered batches from <paramref name="pool"/> and spills into the run's spill folder (see
    /// <see cref="QuarantineCollector.Attach"/>).</summary>
    public void Attach(Memory.MemoryPool pool, Func<Spill.SpillManager> spill)
    {
        lock (_gate)
        {
            _reservation ??= pool.Register(new Memory.MemoryConsumer("quarantine-rules", CanSpill: true));
            _spillManager = spill;
        }
    }

    public void Add(RecordBatch batch)
    {
        long bytes = Operators.Rows.BatchBytes.Of(batch);
        lock (_gate)
        {
            bool reserved = _reservation?.TryGrow(bytes) ?? true;
            _buffer.Add(batch);
            _bufferedRows += batch.Length;
            if (reserved) _bufferedBytes += bytes;
            if (_bufferedRows >= chunkRows || !reserved) Spill();
        }
    }

    private void Spill()
    {
        if (_file is null)
        {
            if (_spillManager is { } spill) _path = spill().CreateFilePath("quarantine-rules");
            else
            {
                var dir = spillDirectory ?? Path.GetTempPath();
                Directory.CreateDirectory(dir);
                _path = Path.Combine(dir, $"pipeline-quarantine-rules-{Environment.ProcessId}-{Guid.NewGuid():N}.arrows");
            }
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
        }
        long start = _file.Position;
        foreach (var b in _buffer)
        {
            _spilled.Add((orderKey(b), _file.Position));
            using (var writer = new ArrowStreamWriter(_file, b.Schema, leaveOpen: true))
            {
                writer.WriteRecordBatch(b);
                writer.WriteEnd();
            }
            b.Dispose();
        }
        _buffer = [];
        _bufferedRows = 0;
        _spillManager?.Invoke().AddSpilled(_file.Position - start);
        _reservation?.Shrink(_bufferedBytes);
        _bufferedBytes = 0;
    }

    /// <summary>Every batch, ordered by key; call once adding has finished.</summary>
    public IAsyncEnumerable<RecordBatch> Replay()
    {
        lock (_gate)
        {
            _file?.Flush();
            // Spilled batches came first, so listing them before the buffered ones keeps ties in arrival order.
            var order = _spilled.Select(s => (s.Key, s.Offset, Buffered: (RecordBatch?)null))
                .Concat(_buffer.Select(b => (Key: orderKey(b), Offset: -1L, Buffered: (RecordBatch?)b)))
                .OrderBy(entry => entry.Key)
                .ToList();
            _buffer = [];
            _bufferedRows = 0;
            return Read(_path, order);
        }
    }

    private static async IAsyncEnumerable<RecordBatch> Read(string? path, List<(long Key, long Offset, RecordBatch? Buffered)> order)
    {
        FileStream? file = null;
        try
        {
            foreach (var (_, offset, buffered) in order)
            {
                if (buffered is not null)
                {
                    yield return buffered;
                    continue;
                }
                file ??= new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.Position = offset;
                using var reader = new ArrowStreamReader(file, leaveOpen: true);
                yield return await reader.ReadNextRecordBatchAsync().ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path}: the spilled quarantine batch at byte {offset} is missing");
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var b in _buffer) b.Dispose();
            _buffer = [];
            _file?.Dispose();
            _file = null;
            _reservation?.Dispose();
            _reservation = null;
        }
    }
}
