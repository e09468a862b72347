using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Steps;

namespace Pipeline.Engine.Enrich;

/// <summary>The enrichments of one run as a per-batch transform, applied in the order written; each binds once per
/// input schema (so a bad column stops the run before any row flows).</summary>
public sealed class EnrichTransform : IBatchTransform
{
    private readonly IReadOnlyList<IEnrichment> _enrichments;
    private readonly string _step;
    private Bound? _bound;

    /// <summary>Creates the transform.</summary>
    /// <param name="step">The step's name, for messages.</param>
    /// <param name="enrichments">Fresh enrichments of this run, in order.</param>
    public EnrichTransform(string step, IReadOnlyList<IEnrichment> enrichments)
    {
        _step = step;
        _enrichments = enrichments;
    }

    /// <summary>The enrichments, for their results.</summary>
    public IReadOnlyList<IEnrichment> Enrichments => _enrichments;

    /// <inheritdoc />
    public string Name => $"enrich:{_step}";

    /// <inheritdoc />
    public Schema OutputSchema(Schema input) => BindFor(input).Output;

    /// <inheritdoc />
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        BindFor(batch.Schema);
        var current = batch;
        foreach (var enrichment in _enrichments) current = enrichment.Apply(current);
        return current;
    }

    private Bound BindFor(Schema input)
    {
        var bound = _bound;
        if (bound is not null && (ReferenceEquals(bound.Input, input) || SchemaText.SameFields(bound.Input, input))) return bound;
        var schema = input;
        foreach (var enrichment in _enrichments) schema = enrichment.Bind(schema);
        bound = new Bound(input, schema);
        _bound = bound;
        return bound;
    }

    private sealed record Bound(Schema Input, Schema Output);
}
