using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Sinks.ArrowIpc;

/// <summary>An open Arrow IPC output: batches go to a temporary file (or standard output) and appear at the
/// target only on <see cref="CommitAsync"/>.</summary>
internal sealed class ArrowIpcSinkWriter : ISinkWriter
{
    private readonly AtomicFile _file;
    private readonly ArrowStreamWriter _writer;
    private readonly Schema _schema;
    private bool _committed;

    private ArrowIpcSinkWriter(AtomicFile file, ArrowStreamWriter writer, Schema schema)
    {
        _file = file;
        _writer = writer;
        _schema = schema;
    }

    /// <summary>Creates the writer and writes the schema (so an output with no batches is still a valid empty table).</summary>
    public static async ValueTask<ArrowIpcSinkWriter> StartAsync(AtomicFile file, Schema schema, bool fileFormat, CancellationToken cancellationToken)
    {
        ArrowStreamWriter writer = fileFormat
            ? new ArrowFileWriter(file.Stream, schema, leaveOpen: true)
            : new ArrowStreamWriter(file.Stream, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
        return new ArrowIpcSinkWriter(file, writer, schema);
    }

    /// <inheritdoc />
    public long BytesWritten => _file.Stream.CanSeek ? _file.Stream.Position : 0;

    /// <inheritdoc />
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException("the output is already committed");
        var (plain, decoded) = DictionaryDecoding.Decode(batch, _schema, _file.Target);
        try
        {
            await _writer.WriteRecordBatchAsync(plain, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new PipelineException(PipelineErrorKind.External, $"{_file.Target}: cannot write: {ex.Message}", ex);
        }
        finally
        {
            foreach (var array in decoded) array.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed) return;
        await _writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        _file.Commit();
        _committed = true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        _file.Dispose();
        return ValueTask.CompletedTask;
    }
}
