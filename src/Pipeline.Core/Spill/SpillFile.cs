using Apache.Arrow;

namespace Pipeline.Core.Spill;

/// <summary>
/// Batches spilled by one <see cref="SpillWriter"/>: one or more IPC segments on disk. Open it as many times as
/// needed; dispose it to delete the segments as soon as they are no longer needed (the manager deletes whatever is
/// left when the run ends).
/// </summary>
public sealed class SpillFile : IDisposable
{
    internal SpillFile(Schema schema, IReadOnlyList<IpcSegment> segments)
    {
        Schema = schema;
        Segments = segments;
    }

    /// <summary>Schema of every batch.</summary>
    public Schema Schema { get; }

    /// <summary>The segment files, in write order.</summary>
    public IReadOnlyList<IpcSegment> Segments { get; }

    /// <summary>Rows over all segments.</summary>
    public long Rows => Segments.Sum(s => s.Rows);

    /// <summary>Bytes on disk over all segments.</summary>
    public long Bytes => Segments.Sum(s => s.Bytes);

    /// <summary>Opens the batches for reading, memory-mapped (see <see cref="SpillReader"/> for the lifetime rule).</summary>
    /// <param name="unmapPassedSegments">
    /// Unmap each segment as soon as the reader moves past it, so at most one segment's pages stay mapped (and in
    /// the resident set). Only for consumers that dispose every batch before reading the next one.
    /// </param>
    public SpillReader OpenRead(bool unmapPassedSegments = false) => new(Schema, Segments, unmapPassedSegments);

    /// <summary>Deletes the segment files.</summary>
    public void Dispose()
    {
        foreach (var segment in Segments)
        {
            try { File.Delete(segment.Path); }
            catch (IOException) { } // the manager removes its whole folder at the end of the run anyway
            catch (UnauthorizedAccessException) { }
        }
    }
}
