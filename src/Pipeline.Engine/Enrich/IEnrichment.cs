using Apache.Arrow;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Enrich;

/// <summary>
/// One enrichment of <c>enrich:</c> in one run: binds to the input schema (a missing column or a wrong type stops the
/// run before any row flows, naming the step, the operation and the column), then rewrites each batch, vectorized over
/// its Arrow arrays. <see cref="Apply"/> is called by several workers at once: counters are shared and atomic.
/// </summary>
public interface IEnrichment
{
    /// <summary>The output schema for <paramref name="input"/>; throws a <see cref="Core.Errors.PipelineException"/>
    /// when the input does not fit.</summary>
    Schema Bind(Schema input);

    /// <summary>The enriched batch (its schema is <see cref="Bind"/>'s for the batch's schema).</summary>
    RecordBatch Apply(RecordBatch batch);

    /// <summary>What it did so far, for <c>results.json</c>.</summary>
    EnrichResult Result();
}

/// <summary>An enrichment as the spec wrote it (read and checked at spec-read time); <see cref="Create"/> gives a
/// fresh instance per run attempt.</summary>
/// <param name="Kind">The key (<c>time</c>, <c>pii</c>).</param>
/// <param name="Location">Where it is written (<c>FILE:LINE:COLUMN</c>), or null when built in code.</param>
public abstract record EnrichmentSpec(string Kind, string? Location)
{
    /// <summary>A fresh enrichment (zeroed counters) for one run of step <paramref name="step"/>.</summary>
    public abstract IEnrichment Create(string step);

    /// <summary>The message prefix naming where and what: <c>FILE:LINE:COL: step 'S': enrich time:</c>.</summary>
    internal string Where(string step) => $"{(Location is null ? "" : Location + ": ")}step '{step}': enrich {Kind}";
}
