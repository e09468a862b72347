using Apache.Arrow;
using ParquetSharp;
using ParquetSharp.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.IO.Sources.Parquet;

namespace Pipeline.IO.Sinks.Parquet;

/// <summary>An open Parquet output: batches are buffered into row groups of the configured size in a temporary
/// file, which becomes visible at the target only on <see cref="CommitAsync"/>.</summary>
internal sealed class ParquetSinkWriter : ISinkWriter
{
    /// <summary>The footer's created_by of the files this sink writes.</summary>
    public const string CreatedBy = "Pipeline";

    private readonly AtomicFile _file;
    private readonly FileWriter _writer;
    private readonly WriterProperties _properties;
    private readonly ArrowWriterProperties _arrowProperties;
    private readonly Schema _schema;
    private bool _closed;

    private ParquetSinkWriter(AtomicFile file, FileWriter writer, WriterProperties properties, ArrowWriterProperties arrowProperties, Schema schema)
    {
        _file = file;
        _schema = schema;
        _writer = writer;
        _properties = properties;
        _arrowProperties = arrowProperties;
    }

    /// <summary>Opens the native writer on the temporary file. <paramref name="schema"/> must be the plain schema
    /// (dictionaries decoded, see <see cref="DictionaryDecoding.PlainSchema"/>).</summary>
    public static ParquetSinkWriter Start(AtomicFile file, Schema schema, Compression compression, int rowGroupSize)
    {
        using var builder = new WriterPropertiesBuilder();
        // Page checksums (CRC-32): a flipped bit in our own output is detected when it is read back (readers here
        // verify them), instead of decoding into wrong values.
        var properties = builder.Compression(compression).MaxRowGroupLength(rowGroupSize).CreatedBy(CreatedBy).EnablePageChecksum().Build();
        using var arrowBuilder = new ArrowWriterPropertiesBuilder();
        var arrowProperties = arrowBuilder.StoreSchema().Build();
        try
        {
            var writer = Native(file.Target, () => new FileWriter(file.Stream, schema, properties, arrowProperties, leaveOpen: true),
                PipelineErrorKind.Schema, "cannot store this schema in Parquet");
            return new ParquetSinkWriter(file, writer, properties, arrowProperties, schema);
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
        // An empty batch adds nothing to a Parquet file, and the native exporter rejects some empty arrays.
        if (batch.Length == 0) return ValueTask.CompletedTask;
        // Parquet dictionary-encodes on its own; Arrow C++ cannot write every dictionary array (for example one
        // whose dictionary holds a null), so values are written plain.
        ParquetWriteChecks.RequireReadableBack(batch, _file.Target);
        var (plain, decoded) = DictionaryDecoding.Decode(batch, _schema, _file.Target);
        try
        {
            // Buffered writing fills row groups up to MaxRowGroupLength across batches instead of one group per batch.
            Native(_file.Target, () => { _writer.WriteBufferedRecordBatch(plain); return 0; });
        }
        finally
        {
            foreach (var array in decoded) array.Dispose();
        }
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
        // ParquetSharp reports Arrow types its writer lacks as NotImplementedException (from its C++ layer, not ours):
        // that is bad input for us, so it becomes a PipelineException naming the file like every other refusal.
        catch (Exception ex) when (ex is ParquetException or IOException or ArgumentException or NotSupportedException or NotImplementedException)
        {
            throw new PipelineException(kind, $"{target}: {what}: {ParquetErrorText.Of(ex.Message)}", ex);
        }
    }
}
