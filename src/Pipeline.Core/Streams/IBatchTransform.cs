using Apache.Arrow;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>
/// Stateless per-batch work (validation, cleaning, enrichment). Must be safe to call from many threads at once.
/// The transform owns the input batch: it returns it, or disposes it and returns a new one. Rows it rejects go
/// to <see cref="PipelineContext.Quarantine"/>, so rows in = rows out + rows quarantined.
/// </summary>
public interface IBatchTransform
{
    /// <summary>Name shown in metrics and <c>results.json</c>.</summary>
    string Name { get; }

    /// <summary>The output schema for a given input schema.</summary>
    Apache.Arrow.Schema OutputSchema(Apache.Arrow.Schema input);

    /// <summary>Transforms one batch.</summary>
    RecordBatch Apply(RecordBatch batch, PipelineContext context);
}
