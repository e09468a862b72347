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
        return new BlockingOperatorStream(input, aggregate.OutputSchema, batch => { using (batch) aggregate.Add(batch); }, aggregate.Finish, aggregate, context);
    }
}
