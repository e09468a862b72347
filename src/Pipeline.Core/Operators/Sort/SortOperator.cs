using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// Sorts a stream (<see cref="ExternalSort"/>): the first pull reads the whole input, later pulls return sorted
/// batches. Memory-bounded through the context's pool; spill files are deleted when the stream is disposed or
/// finishes.
/// </summary>
/// <param name="keys">Sort columns, most significant first.</param>
public sealed class SortOperator(IReadOnlyList<SortKey> keys) : IOperator
{
    /// <summary>The sort columns.</summary>
    public IReadOnlyList<SortKey> Keys { get; } = keys.Count > 0 ? keys : throw new ArgumentException("a sort needs at least one column", nameof(keys));

    /// <inheritdoc />
    public string Name => "sort";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        ExternalSort sort;
        try { sort = new ExternalSort(context, input.Schema, Keys, Name); }
        catch
        {
            input.Dispose();
            throw;
        }
        return new SortedStream(input, sort, context);
    }

    private sealed class SortedStream(IArrowArrayStream input, ExternalSort sort, PipelineContext context) : IArrowArrayStream
    {
        private IEnumerator<RecordBatch>? _output;
        private bool _disposed;

        public Schema Schema => sort.OutputSchema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_output is null)
            {
                using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
                while (await input.ReadNextRecordBatchAsync(token.Token).ConfigureAwait(false) is { } batch) sort.Add(batch);
                _output = sort.Finish().GetEnumerator();
            }
            cancellationToken.ThrowIfCancellationRequested();
            return _output.MoveNext() ? _output.Current : null;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _output?.Dispose();
            sort.Dispose();
            input.Dispose();
        }
    }
}
