using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators.Aggregate.Hash;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Operators.Aggregate;

/// <summary>
/// Group-by by hashing (the <c>aggregate:</c> operation): one output row per group, the key columns (input names
/// and types; dictionary keys come out decoded to their value type) then one column per measure. No keys: one row
/// over all input, even an empty one. NULL keys form one group and NaN groups with NaN. Measures follow DuckDB
/// (<see cref="MeasureFunction"/>) and ignore NULL inputs.
/// </summary>
/// <remarks>
/// Order: when nothing spilled, groups in order of first appearance in the input. After a spill (see the memory
/// pool), groups that stayed in memory come first in that order (only when every measure has a fixed-size state),
/// then the spilled groups partition by partition, each partition in order of first appearance; the order is
/// fixed for a given input, batch size and budget. Memory is reserved from the context's pool (group table, key
/// values, measure states; holistic measures keep their values) and spilled rows are counted in the context's
/// spill metrics. The first pull reads the whole input.
/// </remarks>
/// <param name="keys">Group columns (none for a global aggregate).</param>
/// <param name="measures">Output measures, in order.</param>
public sealed class HashAggregateOperator(IReadOnlyList<string> keys, IReadOnlyList<AggregateMeasure> measures) : IOperator
{
    /// <summary>Group columns.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;

    /// <summary>Output measures.</summary>
    public IReadOnlyList<AggregateMeasure> Measures { get; } = measures;

    /// <inheritdoc />
    public string Name => "aggregate";

    /// <summary>The output schema for <paramref name="input"/>: key columns then one column per measure.</summary>
    /// <exception cref="PipelineException">(InvalidInput) a column is missing, a type does not suit its measure, or a name repeats; the message names them.</exception>
    public static Schema OutputSchema(Schema input, IReadOnlyList<string> keys, IReadOnlyList<AggregateMeasure> measures)
        => AggregatePlan.Create(input, keys, measures).OutputSchema;

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        HashAggregate aggregate;
        AggregatePlan plan;
        try
        {
            plan = AggregatePlan.Create(input.Schema, Keys, Measures);
            aggregate = new HashAggregate(context, plan, Name);
        }
        catch
        {
            input.Dispose();
            throw;
        }
        return new BlockingOperatorStream(input, plan.OutputSchema, aggregate.Add, aggregate.Finish, aggregate, context);
    }
}
