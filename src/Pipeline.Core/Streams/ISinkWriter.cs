using Apache.Arrow;

namespace Pipeline.Core.Streams;

/// <summary>
/// An open sink. Batches are written in order; the writer does not take ownership of them (the runner disposes
/// each batch after every sink has written it). Disposing without <see cref="CommitAsync"/> aborts: file sinks
/// delete their temporary file, so a failed run never leaves a half file that looks complete.
/// </summary>
public interface ISinkWriter : IAsyncDisposable
{
    /// <summary>Writes one batch.</summary>
    ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken);

    /// <summary>Finishes the output and makes it visible (for files: rename the temporary file into place).</summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>Bytes written so far (for metrics; 0 when unknown).</summary>
    long BytesWritten { get; }
}
