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
    private readonly Stream _output;
    private bool _committed;

    private ArrowIpcSinkWriter(AtomicFile file, ArrowStreamWriter writer, Schema schema, Stream output)
    {
        _file = file;
        _writer = writer;
        _schema = schema;
        _output = output;
    }

    /// <summary>Creates the writer and writes the schema (so an output with no batches is still a valid empty table).</summary>
    public static async ValueTask<ArrowIpcSinkWriter> StartAsync(AtomicFile file, Schema schema, bool fileFormat, CancellationToken cancellationToken)
    {
        // The file format needs a seekable file (its footer records offsets), whose position is its size; the stream
        // format may go to a pipe, so it writes through a counter.
        Stream output = fileFormat ? file.Stream : new CountingWriteStream(file.Stream);
        ArrowStreamWriter writer = fileFormat
            ? new ArrowFileWriter(output, schema, leaveOpen: true)
            : new ArrowStreamWriter(output, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken).ConfigureAwait(false);
        return new ArrowIpcSinkWriter(file, writer, schema, output);
    }

    /// <inheritdoc />
    // A committed file's stream is closed (CanSeek false): the job then takes the size from the file itself.
    public long BytesWritten => _output is CountingWriteStream counted ? counted.Count : _file.Stream.CanSeek ? _file.Stream.Position : 0;

    /// <inheritdoc />
    public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException("the output is already committed");
        var (plain, decoded) = DictionaryDecoding.Decode(batch, _schema, _file.Target);
        try
        {
            await _writer.WriteRecordBatchAsync(plain, cancellationToken).ConfigureAwait(false);
            // On standard output a reader is streaming (pipeline ipc): hand each batch over now, not when the buffer fills.
            if (_file.Target == "-") await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
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
