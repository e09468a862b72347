using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Pipeline.Core.Spill;

/// <summary>
/// Reads a spill file's segments back in order, memory-mapped and without copying: every batch's buffers are
/// slices of the mapped file. The reader owns the mappings and unmaps them on <see cref="Dispose"/>, so dispose
/// every batch it returned first (ownership as everywhere in Pipeline: the consumer disposes the batch).
/// </summary>
public sealed class SpillReader : IArrowArrayStream
{
    private readonly IReadOnlyList<IpcSegment> _segments;
    private readonly List<MappedFileMemory> _mappings = [];
    private ArrowStreamReader? _current;
    private int _next;
    private bool _disposed;

    private readonly bool _unmapPassedSegments;

    internal SpillReader(Schema? schema, IReadOnlyList<IpcSegment> segments, bool unmapPassedSegments = false)
    {
        _segments = segments;
        _unmapPassedSegments = unmapPassedSegments;
        if (schema is null)
        {
            // No schema given (a checkpoint): the first segment's IPC stream carries it.
            if (segments.Count == 0) throw new ArgumentException("a reader without a schema needs at least one segment", nameof(segments));
            schema = OpenNextSegment().Schema;
        }
        Schema = schema;
    }

    private ArrowStreamReader OpenNextSegment()
    {
        var mapping = MappedFileMemory.Map(_segments[_next++].Path);
        _mappings.Add(mapping);
        return _current = new ArrowStreamReader(mapping.Memory);
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <summary>The mapped regions so far (address, length), so callers and tests can check a buffer lies inside one.</summary>
    public IReadOnlyList<(nint Address, int Length)> MappedRegions => [.. _mappings.Select(m => (m.Address, m.Length))];

    /// <summary>The next batch, or null at the end. The caller owns (and must dispose) it, before disposing this reader.</summary>
    public RecordBatch? ReadNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_current is null && _next >= _segments.Count) return null;
            var current = _current ?? OpenNextSegment();
            var batch = current.ReadNextRecordBatch();
            if (batch is not null) return batch;
            // The stream reader over memory holds no resources of its own; the mapping stays until Dispose because
            // batches from this segment may still be alive.
            current.Dispose();
            _current = null;
            if (_unmapPassedSegments)
            {
                foreach (var mapping in _mappings) ((IDisposable)mapping).Dispose();
                _mappings.Clear();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ReadNext());
    }

    /// <summary>Unmaps every segment. Batches read from this reader must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _current?.Dispose();
        foreach (var mapping in _mappings) ((IDisposable)mapping).Dispose();
        _mappings.Clear();
    }
}
