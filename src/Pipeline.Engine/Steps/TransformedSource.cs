using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary>
/// A source whose batches pass through per-batch transforms as they are pulled, for a step whose row operations
/// (select, derive, filter) come before a blocking operator (join, aggregate, sort): the runner's transforms run
/// after the operators, so these go in front of them here, on the pulling thread.
/// </summary>
/// <param name="inner">The real input.</param>
/// <param name="transforms">Applied in order.</param>
public sealed class TransformedSource(ISource inner, IReadOnlyList<IBatchTransform> transforms) : ISource
{
    /// <inheritdoc />
    public string Format => inner.Format;

    /// <inheritdoc />
    public IReadOnlyList<string> Files => inner.Files;

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        var stream = inner.Open(context);
        try
        {
            var schema = stream.Schema;
            foreach (var transform in transforms) schema = transform.OutputSchema(schema);
            return new Transformed(stream, schema, transforms, context);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private sealed class Transformed(IArrowArrayStream input, Schema schema, IReadOnlyList<IBatchTransform> transforms, PipelineContext context) : IArrowArrayStream
    {
        public Schema Schema => schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            while (await input.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                var current = batch;
                foreach (var transform in transforms) current = transform.Apply(current, context);
                if (current.Length > 0) return current;
                current.Dispose();
            }
            return null;
        }

        public void Dispose() => input.Dispose();
    }
}
