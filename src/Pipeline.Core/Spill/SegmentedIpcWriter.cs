using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Spill;

/// <summary>
/// Writes batches as a series of uncompressed Arrow IPC stream files, starting a new file before one would pass
/// <c>maxSegmentBytes</c>. Segments stay under 2 GiB because Arrow C# addresses buffers (and our mappings) with
/// int lengths; uncompressed so reading back can slice the mapping instead of decompressing into fresh memory.
/// </summary>
internal sealed class SegmentedIpcWriter : IDisposable
{
    // Room for the stream's schema message and a batch's flatbuffer metadata, which the body estimate leaves out.
    private const long MetadataAllowance = 64 * 1024;

    private readonly Func<int, string> _segmentPath;
    private readonly Schema _schema;
    private readonly long _maxSegmentBytes;
    private readonly Action<IpcSegment>? _segmentClosed;
    private readonly List<IpcSegment> _segments = [];
    private readonly bool _durable;
    private FileStream? _file;
    private ArrowStreamWriter? _writer;
    private int _batches;
    private long _rows;

    /// <param name="segmentPath">Path of segment i.</param>
    /// <param name="schema">Schema of every batch.</param>
    /// <param name="maxSegmentBytes">Roll to a new segment before one would exceed this.</param>
    /// <param name="segmentClosed">Told about each closed segment (for metrics).</param>
    /// <param name="durable">Flush segments to the disk itself when closing them (checkpoints must survive a crash; spills need not).</param>
    public SegmentedIpcWriter(Func<int, string> segmentPath, Schema schema, long maxSegmentBytes, Action<IpcSegment>? segmentClosed = null, bool durable = false)
    {
        _durable = durable;
        if (maxSegmentBytes <= MetadataAllowance || maxSegmentBytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(maxSegmentBytes), $"segments must be {MetadataAllowance + 1} bytes to 2 GiB");
        _segmentPath = segmentPath;
        _schema = schema;
        _maxSegmentBytes = maxSegmentBytes;
        _segmentClosed = segmentClosed;
    }

    /// <summary>Segments closed so far (all of them after <see cref="Complete"/>).</summary>
    public IReadOnlyList<IpcSegment> Segments => _segments;

    /// <summary>Appends a batch (not taking ownership), rolling to a new segment first when it would not fit.</summary>
    public void Write(RecordBatch batch)
    {
        long estimate = BodyBytes(batch) + MetadataAllowance;
        if (estimate > int.MaxValue)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted,
                $"a batch of {batch.Length} rows needs about {estimate} bytes, more than one spill segment (2 GiB) can hold; use a smaller batch size");
        if (_file is not null && _batches > 0 && _file.Position + estimate > _maxSegmentBytes) CloseSegment();
        if (_file is null) OpenSegment();
        _writer!.WriteRecordBatch(batch);
        _batches++;
        _rows += batch.Length;
    }

    /// <summary>Opens a segment if none was written yet, so even an empty stream leaves a file carrying the schema.</summary>
    public void EnsureSegment()
    {
        if (_file is null && _segments.Count == 0) OpenSegment();
    }

    /// <summary>Closes the last segment and returns all of them.</summary>
    public IReadOnlyList<IpcSegment> Complete()
    {
        if (_file is not null) CloseSegment();
        return _segments;
    }

    private void OpenSegment()
    {
        string path = _segmentPath(_segments.Count);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _writer = new ArrowStreamWriter(_file, _schema, leaveOpen: true);
        // The schema message goes first even if no batch follows, so an empty segment still tells readers its schema.
        _writer.WriteStart();
        _batches = 0;
        _rows = 0;
    }

    private void CloseSegment()
    {
        _writer!.WriteEnd();
        _writer.Dispose();
        _file!.Flush(flushToDisk: _durable);
        var segment = new IpcSegment(_file.Name, _file.Length, _batches, _rows);
        _file.Dispose();
        _file = null;
        _writer = null;
        _segments.Add(segment);
        _segmentClosed?.Invoke(segment);
    }

    /// <summary>Bytes of the batch's buffers as IPC lays them out (each padded to 8), children and dictionaries included.</summary>
    internal static long BodyBytes(RecordBatch batch)
    {
        long total = 0;
        foreach (var column in batch.Arrays) total += BodyBytes(column.Data);
        return total;

        static long BodyBytes(ArrayData data)
        {
            long sum = 0;
            foreach (var buffer in data.Buffers) sum += (buffer.Length + 7) & ~7L;
            foreach (var child in data.Children ?? []) sum += BodyBytes(child);
            if (data.Dictionary is not null) sum += BodyBytes(data.Dictionary);
            return sum;
        }
    }

    /// <summary>Closes and deletes the open segment without recording it (writing failed or was abandoned part way).</summary>
    public void Dispose()
    {
        if (_file is null) return;
        string path = _file.Name;
        _writer?.Dispose();
        _file.Dispose();
        _writer = null;
        _file = null;
        try { File.Delete(path); }
        catch (IOException) { } // the owner's folder is removed as a whole later
        catch (UnauthorizedAccessException) { }
    }
}
