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
    private readonly int _rowGroupRows;
    private readonly long _rowGroupBytes;
    private long _groupRows, _groupBytes;
    private bool _closed;

    private ParquetSinkWriter(AtomicFile file, FileWriter writer, WriterProperties properties, ArrowWriterProperties arrowProperties, Schema schema,
        int rowGroupRows, long rowGroupBytes)
    {
        _rowGroupRows = rowGroupRows;
        _rowGroupBytes = rowGroupBytes;
        _file = file;
        _schema = schema;
        _writer = writer;
        _properties = properties;
        _arrowProperties = arrowProperties;
    }

    /// <summary>The most data a row group buffers before it is closed, for a run's memory limit: a quarter of the
    /// limit, between 8 MiB and 512 MiB. The native writer holds a whole row group's columns in memory until the group
    /// closes (outside the managed heap and the pool), so under a small limit groups close early rather than grow to
    /// 1,048,576 rows.</summary>
    public static long RowGroupBytesFor(long memoryLimit) => Math.Clamp(memoryLimit / 4, 8L << 20, 512L << 20);

    /// <summary>Opens the native writer on the temporary file. <paramref name="schema"/> must be the plain schema
    /// (dictionaries decoded, see <see cref="DictionaryDecoding.PlainSchema"/>); <paramref name="pool"/> is the native
    /// allocator (<see cref="ParquetNativeMemory"/>; Arrow's default when null).</summary>
    public static ParquetSinkWriter Start(AtomicFile file, Schema schema, Compression compression, int rowGroupSize, long rowGroupBytes = 512L << 20,
        MemoryPool? pool = null)
    {
        using var builder = new WriterPropertiesBuilder();
        pool ??= MemoryPool.GetDefaultMemoryPool();
        // Page checksums (CRC-32): a flipped bit in our own output is detected when it is read back (readers here
        // verify them), instead of decoding into wrong values.
        var properties = builder.Compression(compression).MaxRowGroupLength(rowGroupSize).CreatedBy(CreatedBy).EnablePageChecksum()
            .MemoryPool(pool).Build();
        using var arrowBuilder = new ArrowWriterPropertiesBuilder();
        var arrowProperties = arrowBuilder.StoreSchema().Build();
        try
        {
            var writer = Native(file.Target, () => new FileWriter(file.Stream, schema, properties, arrowProperties, leaveOpen: true),
                PipelineErrorKind.Schema, "cannot store this schema in Parquet");
            return new ParquetSinkWriter(file, writer, properties, arrowProperties, schema, rowGroupSize, rowGroupBytes);
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
            // Buffered writing fills row groups up to MaxRowGroupLength across batches instead of one group per batch;
            // a group whose buffered data reached the byte budget is closed first, bounding the native writer's memory.
            long bytes = BufferBytes(plain);
            if (_groupRows > 0 && _groupBytes + bytes > _rowGroupBytes)
            {
                Native(_file.Target, () => { _writer.NewBufferedRowGroup(); return 0; });
                _groupRows = _groupBytes = 0;
            }
            Native(_file.Target, () => { _writer.WriteBufferedRecordBatch(plain); return 0; });
            _groupRows += plain.Length;
            _groupBytes += bytes;
            // The writer closes a full group (by rows) itself; the accounting restarts with it.
            if (_groupRows >= _rowGroupRows) { _groupRows %= _rowGroupRows; _groupBytes = _groupRows == 0 ? 0 : bytes; }
        }
        finally
        {
            foreach (var array in decoded) array.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The Arrow buffer bytes of a batch (what the writer will encode), children included.</summary>
    private static long BufferBytes(RecordBatch batch)
    {
        long total = 0;
        foreach (var array in batch.Arrays) total += BufferBytes(array.Data);
        return total;
    }

    private static long BufferBytes(ArrayData data)
    {
        long total = 0;
        foreach (var buffer in data.Buffers ?? []) total += buffer.Length;
        foreach (var child in data.Children ?? []) total += BufferBytes(child);
        if (data.Dictionary is { } dictionary) total += BufferBytes(dictionary);
        return total;
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
