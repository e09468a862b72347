using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Avro.File;
using Avro.Generic;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using AvroSchema = Avro.Schema;

namespace Pipeline.IO.Sources.Avro;

/// <summary>
/// Streams the records of Avro container files as record batches, block by block (Apache.Avro decompresses one block
/// at a time). With a reader schema, every file is read through it (Avro schema resolution: fields added with a
/// default, removed, renamed through aliases, promoted int → long → double); without one, every file must have the
/// first file's columns. A file that cannot be read stops the run with its name and record number.
/// </summary>
internal sealed class AvroBatchStream : IArrowArrayStream
{
    private readonly IReadOnlyList<string> _files;
    private readonly PipelineContext _context;
    private readonly AvroSchema? _readerSchema;
    private readonly List<AvroColumn> _columns;
    private int _fileIndex;
    private FileStream? _stream;
    private IFileReader<GenericRecord>? _reader;
    private long _record;

    public AvroBatchStream(IReadOnlyList<string> files, AvroReadOptions options, PipelineContext context)
    {
        _files = files;
        _context = context;
        _readerSchema = options.ReaderSchema is { } text ? ParseReaderSchema(text) : null;
        try
        {
            Open(0);
            _columns = AvroColumns.Of(_reader!.GetSchema() is var writer && _readerSchema is null ? writer : _readerSchema!, files[0]);
        }
        catch
        {
            Dispose();
            throw;
        }
        var builder = new Schema.Builder();
        foreach (var column in _columns) builder.Field(f => f.Name(column.Name).DataType(column.Type).Nullable(true));
        builder.Metadata("pipeline.format", "avro");
        if (_readerSchema is not null) builder.Metadata("pipeline.reader_schema", _readerSchema.Fullname);
        Schema = builder.Build();
    }

    public Schema Schema { get; }

    private static AvroSchema ParseReaderSchema(string text)
    {
        var json = text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('"') ? text : null;
        if (json is null)
        {
            if (!File.Exists(text)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"Avro reader schema: no such file '{text}' (give a path to an .avsc file or the schema's JSON)");
            json = File.ReadAllText(text);
        }
        try
        {
            return AvroSchema.Parse(json);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"Avro reader schema {(json == text ? "" : $"{text} ")}is not a valid schema: {ex.Message}", ex);
        }
    }

    private void Open(int index)
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
        _fileIndex = index;
        _record = 0;
        var file = _files[index];
        try
        {
            _stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw PipelineException.InvalidInput(file, $"cannot read: {ex.Message}", ex);
        }
        _context.Progress.AddTotal(_stream.Length);
        try
        {
            _reader = _readerSchema is null
                ? DataFileReader<GenericRecord>.OpenReader(_stream, leaveOpen: true)
                : DataFileReader<GenericRecord>.OpenReader(_stream, _readerSchema, leaveOpen: true);
        }
        catch (Exception ex) when (ex is not PipelineException and not OutOfMemoryException and not OperationCanceledException)
        {
            throw PipelineException.InvalidInput(file, _readerSchema is null
                ? $"not a readable Avro container file: {ex.Message}"
                : $"cannot be read with the reader schema {_readerSchema.Fullname}: {ex.Message}", ex);
        }
        if (_readerSchema is not null) CheckResolution(_reader.GetSchema(), _readerSchema, file);
        if (index > 0 && _readerSchema is null)
        {
            var columns = AvroColumns.Of(_reader.GetSchema(), file);
            if (!columns.Select(c => (c.Name, c.Kind)).SequenceEqual(_columns.Select(c => (c.Name, c.Kind))))
                throw PipelineException.InvalidInput(file, $"its Avro schema ({string.Join(", ", columns.Select(c => c.Name))}) differs from {_files[0]}'s; give a reader schema (--reader-schema) to read both");
        }
    }

    /// <summary>What Avro's resolution rules require and Apache.Avro does not check itself: a reader field the writer
    /// lacks needs a default (the library would read nulls), and a field matched only through an alias is refused
    /// (the library does not resolve aliases and would misread the data).</summary>
    private static void CheckResolution(AvroSchema writer, AvroSchema reader, string file)
    {
        if (writer is not global::Avro.RecordSchema w || reader is not global::Avro.RecordSchema r) return;
        foreach (var field in r.Fields)
        {
            if (w.Contains(field.Name)) continue;
            if (field.Aliases?.FirstOrDefault(w.Contains) is { } alias)
                throw PipelineException.InvalidInput(file, $"reader schema field '{field.Name}' matches the file's field '{alias}' only through an alias, which Apache.Avro does not resolve; name the field '{alias}' in the reader schema");
            if (field.DefaultValue is null)
                throw PipelineException.InvalidInput(file, $"reader schema field '{field.Name}' is not in the file's schema and has no default (Avro schema resolution)");
        }
    }

    private GenericRecord? NextRecord()
    {
        while (true)
        {
            var file = _files[_fileIndex];
            try
            {
                if (_reader!.HasNext())
                {
                    _record++;
                    return _reader.Next();
                }
            }
            catch (Exception ex) when (ex is not PipelineException and not OutOfMemoryException and not OperationCanceledException)
            {
                throw PipelineException.InvalidInput(file, $"record {_record:N0}: cannot read: {ex.Message}", ex);
            }
            _context.Progress.Advance(_stream!.Length);
            if (_fileIndex + 1 >= _files.Count) return null;
            Open(_fileIndex + 1);
        }
    }

    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_reader is null) return ValueTask.FromResult<RecordBatch?>(null);
        var builders = _columns.Select(c => NewBuilder(c)).ToArray();
        int rows = 0;
        while (rows < _context.Options.BatchSize && NextRecord() is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int c = 0; c < _columns.Count; c++) Append(builders[c], Value(record, _columns[c].Path));
            rows++;
        }
        if (rows == 0) return ValueTask.FromResult<RecordBatch?>(null);
        return ValueTask.FromResult<RecordBatch?>(new RecordBatch(Schema, builders.Select(Build).ToList(), rows));
    }

    private static object? Value(GenericRecord record, int[] path)
    {
        object? value = record;
        foreach (int pos in path)
        {
            if (value is not GenericRecord r) return null;
            value = r.GetValue(pos);
        }
        return value;
    }

    private static IArrowArrayBuilder NewBuilder(AvroColumn column) => column.Kind switch
    {
        AvroKind.Bool => new BooleanArray.Builder(),
        AvroKind.Int32 => new Int32Array.Builder(),
        AvroKind.Int64 => new Int64Array.Builder(),
        AvroKind.Float => new FloatArray.Builder(),
        AvroKind.Double => new DoubleArray.Builder(),
        AvroKind.Binary => new BinaryArray.Builder(),
        AvroKind.Date => new Date32Array.Builder(),
        AvroKind.Timestamp => new TimestampArray.Builder((TimestampType)column.Type),
        _ => new StringArray.Builder(),
    };

    private static void Append(IArrowArrayBuilder builder, object? value)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        switch (builder)
        {
            case BooleanArray.Builder b: if (value is bool v) b.Append(v); else b.AppendNull(); break;
            case Int32Array.Builder i: if (value is null) i.AppendNull(); else i.Append(Convert.ToInt32(value, ic)); break;
            case Int64Array.Builder l: if (value is null) l.AppendNull(); else l.Append(Convert.ToInt64(value, ic)); break;
            case FloatArray.Builder f: if (value is null) f.AppendNull(); else f.Append(Convert.ToSingle(value, ic)); break;
            case DoubleArray.Builder d: if (value is null) d.AppendNull(); else d.Append(Convert.ToDouble(value, ic)); break;
            case BinaryArray.Builder bin:
                if (value is byte[] bytes) bin.Append(bytes.AsSpan());
                else if (value is GenericFixed fixedValue) bin.Append(fixedValue.Value.AsSpan());
                else bin.AppendNull();
                break;
            case Date32Array.Builder date:
                if (value is DateTime day) date.Append(day.Date);
                else if (value is int days) date.Append(DateTime.UnixEpoch.AddDays(days));
                else date.AppendNull();
                break;
            case TimestampArray.Builder ts:
                if (value is DateTime t) ts.Append(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), TimeSpan.Zero));
                else ts.AppendNull();
                break;
            case StringArray.Builder s: if (value is null) s.AppendNull(); else s.Append(AvroJson.Text(value)); break;
        }
    }

    private static IArrowArray Build(IArrowArrayBuilder builder) => builder switch
    {
        BooleanArray.Builder b => b.Build(),
        Int32Array.Builder b => b.Build(),
        Int64Array.Builder b => b.Build(),
        FloatArray.Builder b => b.Build(),
        DoubleArray.Builder b => b.Build(),
        BinaryArray.Builder b => b.Build(),
        Date32Array.Builder b => b.Build(),
        TimestampArray.Builder b => b.Build(),
        StringArray.Builder b => b.Build(),
        _ => throw new InvalidOperationException("unexpected builder"),
    };

    public void Dispose()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _reader = null;
        _stream = null;
    }
}
