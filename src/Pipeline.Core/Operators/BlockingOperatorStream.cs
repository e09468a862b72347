using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Operators;

/// <summary>
/// The output stream of a blocking operator (sort, group-by): the first pull feeds the whole input to
/// <paramref name="add"/>, later pulls return what <paramref name="finish"/> produces. Disposing it disposes the
/// output enumerator, the operator's state (which deletes its spill files) and the input.
/// </summary>
/// <param name="input">The upstream stream.</param>
/// <param name="schema">The output schema.</param>
/// <param name="add">Takes each input batch (the callee owns it).</param>
/// <param name="finish">Produces the output once the input is exhausted.</param>
/// <param name="state">The operator's state, disposed with the stream.</param>
/// <param name="context">The run (its cancellation is honoured while reading).</param>
internal sealed class BlockingOperatorStream(IArrowArrayStream input, Schema schema, Action<RecordBatch> add,
    Func<IEnumerable<RecordBatch>> finish, IDisposable state, PipelineContext context) : IArrowArrayStream
{
    private IEnumerator<RecordBatch>? _output;
    private bool _disposed;

    public Schema Schema => schema;

    public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_output is null)
        {
            using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
            while (await input.ReadNextRecordBatchAsync(token.Token).ConfigureAwait(false) is { } batch) add(batch);
            _output = finish().GetEnumerator();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return _output.MoveNext() ? _output.Current : null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _output?.Dispose();
        state.Dispose();
        input.Dispose();
    }
}
