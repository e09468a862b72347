using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Pipeline.Core.Quarantine;

/// <summary>
/// A thread-safe append-only list of batches of one schema that keeps at most about <c>chunkRows</c> rows in memory:
/// beyond that, buffered batches go to an Arrow IPC stream file in the spill folder (deleted on dispose).
/// </summary>
internal sealed class SpilledBatches(string? spillDirectory, int chunkRows) : IDisposable
{
    private readonly Lock _gate = new();
    private List<RecordBatch> _buffer = [];
    private int _bufferedRows;
    private string? _path;
    private FileStream? _file;
    private ArrowStreamWriter? _writer;

    public void Add(RecordBatch batch)
    {
        lock (_gate)
        {
            _buffer.Add(batch);
            _bufferedRows += batch.Length;
            if (_bufferedRows >= chunkRows) Spill();
        }
    }

    private void Spill()
    {
        if (_writer is null)
        {
            var dir = spillDirectory ?? Path.GetTempPath();
            Directory.CreateDirectory(dir);
            _path = Path.Combine(dir, $"pipeline-quarantine-rules-{Environment.ProcessId}-{Guid.NewGuid():N}.arrows");
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new ArrowStreamWriter(_file, _buffer[0].Schema, leaveOpen: true);
        }
        foreach (var b in _buffer)
        {
            _writer.WriteRecordBatch(b);
            b.Dispose();
        }
        _buffer = [];
        _bufferedRows = 0;
    }

    /// <summary>Every batch in arrival order; call once adding has finished.</summary>
    public IAsyncEnumerable<RecordBatch> Replay()
    {
        lock (_gate)
        {
            _writer?.WriteEnd();
            _file?.Flush();
            var tail = _buffer;
            _buffer = [];
            _bufferedRows = 0;
            return Read(_path, tail);
        }
    }

    private static async IAsyncEnumerable<RecordBatch> Read(string? path, List<RecordBatch> tail)
    {
        if (path is not null)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new ArrowStreamReader(file);
            while (await reader.ReadNextRecordBatchAsync().ConfigureAwait(false) is { } batch) yield return batch;
        }
        foreach (var b in tail) yield return b;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var b in _buffer) b.Dispose();
            _buffer = [];
            _writer?.Dispose();
            _file?.Dispose();
            _writer = null;
            _file = null;
        }
    }
}
