using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// The batches of one or more IPC inputs as one stream: inputs open one after another, each must have the first
/// one's (projected) schema, and only the requested columns are passed on. Dictionary-encoded columns are passed
/// on as Arrow <see cref="DictionaryArray"/>s, exactly as stored (no decoding cost, and zero-copy from a mapping);
/// the sinks decode them where a format needs plain values.
/// </summary>
internal sealed class ArrowIpcBatchStream : IArrowArrayStream
{
    private readonly Func<int, IpcInputReader> _open;
    private readonly int _inputCount;
    private readonly PipelineContext _context;
    private readonly IReadOnlyList<string>? _columns;
    private readonly string _firstName;
    private readonly Schema _fileSchema;
    private int[] _indices;
    private IpcInputReader? _current;
    private int _next;

    public ArrowIpcBatchStream(Func<int, IpcInputReader> open, int inputCount, PipelineContext context, IReadOnlyList<string>? columns)
    {
        _open = open;
        _inputCount = inputCount;
        _context = context;
        _columns = columns;
        _current = open(0);
        _next = 1;
        try
        {
            _firstName = _current.Name;
            _fileSchema = _current.Schema;
            _indices = ColumnProjection.Resolve(_fileSchema, columns, _firstName);
            Schema = ColumnProjection.Select(_fileSchema, _indices);
        }
        catch
        {
            _current.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Schema Schema { get; }

    /// <inheritdoc />
    public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        while (_current is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (_current.ReadNext(cancellationToken) is { } batch)
                return new ValueTask<RecordBatch?>(ColumnProjection.Select(batch, Schema, _indices));
            _current.Dispose();
            _current = null;
            if (_next < _inputCount) OpenNext();
        }
        return new ValueTask<RecordBatch?>((RecordBatch?)null);
    }

    private void OpenNext()
    {
        var reader = _open(_next++);
        try
        {
            var schema = reader.Schema;
            _indices = ColumnProjection.Resolve(schema, _columns, reader.Name);
            MultiFileSchemaCheck.RequireSame(Schema, _firstName, ColumnProjection.Select(schema, _indices), reader.Name);
            _current = reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
    }
}
