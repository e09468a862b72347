using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Hosting.Building;

/// <summary>
/// A source over the host's <see cref="IAsyncEnumerable{T}"/> of batches. When no schema was given, the first batch
/// is fetched in <see cref="PrepareAsync"/> (awaited before the run starts, because <see cref="ISource.Open"/> is
/// synchronous and the runner needs the schema at once) and handed out first. Opened once.
/// </summary>
internal sealed class HostBatchesSource(IAsyncEnumerable<RecordBatch> batches, Schema? schema) : ISource
{
    private IAsyncEnumerator<RecordBatch>? _enumerator;
    private RecordBatch? _first;
    private Schema? _schema = schema;
    private int _opened;

    public string Format => "batches";

    public IReadOnlyList<string> Files => [];

    /// <summary>Learns the schema from the first batch when none was given.</summary>
    /// <exception cref="PipelineException">The sequence is empty and no schema was given.</exception>
    public async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_schema is not null || _enumerator is not null) return;
        _enumerator = batches.GetAsyncEnumerator(cancellationToken);
        if (!await _enumerator.MoveNextAsync().ConfigureAwait(false))
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                "the host's batch sequence is empty and no schema was given: pass the schema to Source.Batches");
        _first = _enumerator.Current;
        _schema = _first.Schema;
    }

    public IArrowArrayStream Open(PipelineContext context)
    {
        if (Interlocked.Exchange(ref _opened, 1) == 1)
            throw new PipelineException(PipelineErrorKind.InvalidInput, "a host batch sequence can be read by one run only");
        if (_schema is null) throw new InvalidOperationException("PrepareAsync must run before Open when no schema was given");
        return new Stream(_schema, _enumerator, _first, batches, context.CancellationToken);
    }

    /// <summary>Checks each batch against the schema, so a host mistake names the batch rather than failing deep in a stage.</summary>
    private sealed class Stream(Schema schema, IAsyncEnumerator<RecordBatch>? started, RecordBatch? first,
        IAsyncEnumerable<RecordBatch> batches, CancellationToken runToken) : IArrowArrayStream
    {
        private IAsyncEnumerator<RecordBatch>? _enumerator = started;
        private RecordBatch? _first = first;
        private long _index;
        private bool _done;

        public Schema Schema => schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            if (_done) return null;
            RecordBatch? batch;
            if (_first is not null) { batch = _first; _first = null; }
            else
            {
                _enumerator ??= batches.GetAsyncEnumerator(runToken);
                if (!await _enumerator.MoveNextAsync().ConfigureAwait(false)) { _done = true; return null; }
                batch = _enumerator.Current;
            }
            long index = _index++;
            if (batch is null)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"host batch {index} is null");
            if (!SameColumns(batch.Schema, schema))
            {
                batch.Dispose();
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"host batch {index} has columns ({Describe(batch.Schema)}) but the input schema is ({Describe(schema)})");
            }
            return batch;
        }

        public void Dispose()
        {
            _done = true;
            _first?.Dispose();
            _first = null;
            _enumerator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        private static bool SameColumns(Schema a, Schema b)
            => a.FieldsList.Count == b.FieldsList.Count
               && a.FieldsList.Zip(b.FieldsList).All(p => p.First.Name == p.Second.Name && p.First.DataType.TypeId == p.Second.DataType.TypeId);

        private static string Describe(Schema s) => string.Join(", ", s.FieldsList.Select(f => $"{f.Name}: {f.DataType.Name}"));
    }
}
