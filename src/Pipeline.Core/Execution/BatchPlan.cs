using Pipeline.Core.Streams;

namespace Pipeline.Core.Execution;

/// <summary>What one linear run does: read a source, apply per-batch transforms, feed analyzers, write to sinks.</summary>
/// <param name="Source">The input.</param>
/// <param name="Transforms">Per-batch transforms, applied in order on worker threads.</param>
/// <param name="Analyzers">Mergeable analyzers, fed with the transformed batches; their merged state is in the outcome.</param>
/// <param name="Sinks">Outputs; each receives every output batch in input order.</param>
public sealed record BatchPlan(
    ISource Source,
    IReadOnlyList<IBatchTransform> Transforms,
    IReadOnlyList<IAnalyzer> Analyzers,
    IReadOnlyList<ISink> Sinks);
