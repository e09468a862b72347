using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Metrics;

namespace Pipeline.Core.Streams;

/// <summary>
/// A source whose stream passes through operators (dedup, sort) before the runner sees it, so transforms,
/// analyzers and sinks all receive the operators' output. Each operator gets an <c>operator</c> stage in the run's
/// metrics: rows in, rows out, and the time spent in it (its input's time excluded).
/// </summary>
/// <param name="inner">The real input.</param>
/// <param name="operators">Applied in order.</param>
public sealed class OperatorSource(ISource inner, IReadOnlyList<IOperator> operators) : ISource
{
    /// <inheritdoc />
    public string Format => inner.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Files => inner.Files;

    /// <summary>The operators, in order.</summary>
    public IReadOnlyList<IOperator> Operators { get; } = operators;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = inner.Open(context);
        foreach (var op in Operators)
        {
            var metrics = context.Metrics.Stage(op.Name, "operator");
            var input = new MeteredStream(stream, metrics, isInput: true, null);
            stream = new MeteredStream(op.Execute(input, context), metrics, isInput: false, input);
        }
        return stream;
    }

    /// <summary>Counts the rows through one side of an operator and the time spent pulling them.</summary>
    private sealed class MeteredStream(IArrowArrayStream inner, StageMetrics metrics, bool isInput, MeteredStream? input) : IArrowArrayStream
    {
        public long Ticks;

        public Schema Schema => inner.Schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            long start = Stopwatch.GetTimestamp();
            long inputBefore = input?.Ticks ?? 0;
            var batch = await inner.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            long elapsed = Stopwatch.GetTimestamp() - start;
            Ticks += elapsed;
            if (isInput) metrics.Add(batch?.Length ?? 0, 0, 0);
            else metrics.Add(0, batch?.Length ?? 0, elapsed - ((input?.Ticks ?? 0) - inputBefore));
            return batch;
        }

        public void Dispose() => inner.Dispose();
    }
}
