using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.IO.Sinks.Parquet;

/// <summary>An open Parquet output: batches are buffered into row groups of the configured size in a temporary
/// file, which becomes visible at the target only on <see cref="CommitAsync"/>.</summary>
internal sealed class ParquetSinkWriter : ISinkWriter
{
    private readonly AtomicFile _file;
    private readonly FileWriter _writer;
    private readonly WriterProperties _properties;
    private readonly ArrowWriterProperties _arrowProperties;
    private bool _closed;

    private ParquetSinkWriter(AtomicFile file, FileWriter writer, WriterProperties properties, ArrowWriterProperties arrowProperties)
    {
        _file = file;
        _writer = writer;
        _properties = properties;
        _arrowProperties = arrowProperties;
    }

    /// <summary>Opens the native writer on the temporary file.</summary>
    public static ParquetSinkWriter Start(AtomicFile file, Schema schema, Compression compression, int rowGroupSize)
    {
        using var builder = new WriterPropertiesBuilder();
        var properties = builder.Compression(compression).MaxRowGroupLength(rowGroupSize).CreatedBy("Pipeline").Build();
        using var arrowBuilder = new ArrowWriterPropertiesBuilder();
        var arrowProperties = arrowBuilder.StoreSchema().Build();
        try
        {
            var writer = Native(file.Target, () => new FileWriter(file.Stream, schema, properties, arrowProperties, leaveOpen: true),
                PipelineErrorKind.Schema, "cannot store this schema in Parquet");
            return new ParquetSinkWriter(file, writer, properties, arrowProperties);
        }
        catch
        {
            arrowProperties.Dispose();
            properties.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public long BytesWritten => _file.Stream.CanSeek ? _file.Stream.Position : 0;

    /// <inheritdoc />
    public ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Buffered writing fills row groups up to MaxRowGroupLength across batches instead of one group per batch.
        Native(_file.Target, () => { _writer.WriteBufferedRecordBatch(batch); return 0; });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (_closed) return ValueTask.CompletedTask;
        Native(_file.Target, () => { _writer.Close(); return 0; });
        _closed = true;
        _file.Commit();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        _arrowProperties.Dispose();
        _properties.Dispose();
        _file.Dispose();
        return ValueTask.CompletedTask;
    }

    private static T Native<T>(string target, Func<T> action,
        PipelineErrorKind kind = PipelineErrorKind.External, string what = "cannot write Parquet")
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is ParquetException or IOException or ArgumentException or NotSupportedException or NotImplementedException)
        {
            throw new PipelineException(kind, $"{target}: {what}: {ex.Message.Split('\n', 2)[0]}", ex);
        }
    }
}
