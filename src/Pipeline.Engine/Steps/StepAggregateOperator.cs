using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators.Aggregate;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary>
/// A step's <c>aggregate:</c>: measures written as DuckDB calls (<see cref="MeasureText"/>) over the hash
/// group-by. A measure over an expression (<c>sum(price * quantity)</c>) gets its argument computed as a hidden
/// column first; the group-by keeps only the keys and the measures, so hidden columns never reach the output.
/// </summary>
public sealed class StepAggregateOperator : IOperator
{
    private readonly HashAggregateOperator _aggregate;
    private readonly DeriveTransform? _arguments;

    /// <summary>Builds the aggregate of step <paramref name="step"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <param name="by">Group columns.</param>
    /// <param name="measures">Output name and measure text, in order.</param>
    /// <exception cref="Core.Errors.PipelineException">A measure is not a known aggregate call.</exception>
    public StepAggregateOperator(string step, IReadOnlyList<string> by, IReadOnlyList<(string Name, string Text)> measures)
    {
        var parsed = measures.Select((m, i) => MeasureText.Parse(m.Name, m.Text, $"__{step}_measure_{i}")).ToList();
        var hidden = parsed.Where(p => p.Expression is not null).Select(p => (p.Measure.Column!, p.Expression!, (string?)null)).ToList();
        _arguments = hidden.Count > 0 ? new DeriveTransform(step, hidden) : null;
        _aggregate = new HashAggregateOperator(by, [.. parsed.Select(p => p.Measure)]);
    }

    /// <inheritdoc />
    public string Name => "aggregate";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
        => _aggregate.Execute(_arguments is null ? input : new Derived(input, _arguments, context), context);

    private sealed class Derived(IArrowArrayStream input, DeriveTransform derive, PipelineContext context) : IArrowArrayStream
    {
        public Schema Schema { get; } = derive.OutputSchema(input.Schema);

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            var batch = await input.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            return batch is null ? null : derive.Apply(batch, context);
        }

        public void Dispose() => input.Dispose();
    }
}
