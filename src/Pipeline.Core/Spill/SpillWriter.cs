using Apache.Arrow;

namespace Pipeline.Core.Spill;

/// <summary>
/// Appends batches to a new spill file, rolling segments at the manager's maximum size. Call
/// <see cref="Complete"/> to get the <see cref="SpillFile"/>; disposing without completing deletes what was written.
/// </summary>
public sealed class SpillWriter : IDisposable
{
    private readonly SegmentedIpcWriter _writer;
    private bool _completed;

    internal SpillWriter(SegmentedIpcWriter writer, Schema schema)
    {
        _writer = writer;
        Schema = schema;
    }

    /// <summary>Schema every batch must have.</summary>
    public Schema Schema { get; }

    /// <summary>Appends a batch; does not take ownership of it.</summary>
    public void Write(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _writer.Write(batch);
    }

    /// <summary>Closes the last segment and returns the file; the writer cannot be used afterwards.</summary>
    public SpillFile Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var segments = _writer.Complete();
        _completed = true;
        return new SpillFile(Schema, [.. segments]);
    }

    /// <summary>Closes the open segment; when not completed, deletes every segment written.</summary>
    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        _writer.Dispose();
        new SpillFile(Schema, [.. _writer.Segments]).Dispose();
    }
}
