using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Aggregate;

/// <summary>
/// Group-by aggregation of a stream (<see cref="GroupAggregate"/>): the first pull reads the whole input, later
/// pulls return the groups in key order. Memory-bounded through the context's pool; spill files are deleted when
/// the stream is disposed or finishes.
/// </summary>
/// <param name="keys">Group columns.</param>
/// <param name="aggregates">Output aggregates.</param>
public sealed class GroupAggregateOperator(IReadOnlyList<string> keys, IReadOnlyList<AggregateSpec> aggregates) : IOperator
{
    /// <summary>Group columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>Output aggregates.</summary>
    public IReadOnlyList<AggregateSpec> Aggregates { get; } = aggregates;

    /// <inheritdoc />
    public string Name => "aggregate";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        GroupAggregate aggregate;
        try { aggregate = new GroupAggregate(context, input.Schema, Keys, Aggregates, Name); }
        catch
        {
            input.Dispose();
            throw;
        }
        return new AggregatedStream(input, aggregate, context);
    }

    private sealed class AggregatedStream(IArrowArrayStream input, GroupAggregate aggregate, PipelineContext context) : IArrowArrayStream
    {
        private IEnumerator<RecordBatch>? _output;
        private bool _disposed;

        public Schema Schema => aggregate.OutputSchema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_output is null)
            {
                using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
                while (await input.ReadNextRecordBatchAsync(token.Token).ConfigureAwait(false) is { } batch)
                {
                    using (batch) aggregate.Add(batch);
                }
                _output = aggregate.Finish().GetEnumerator();
            }
            cancellationToken.ThrowIfCancellationRequested();
            return _output.MoveNext() ? _output.Current : null;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _output?.Dispose();
            aggregate.Dispose();
            input.Dispose();
        }
    }
}
