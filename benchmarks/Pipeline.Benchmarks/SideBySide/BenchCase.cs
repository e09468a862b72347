namespace Pipeline.Benchmarks.SideBySide;

/// <summary>One measured operation of the comparison.</summary>
/// <param name="Group">What is compared (<c>CSV full read</c>, ...); ratios are computed within a group.</param>
/// <param name="Engine">Who does it (<c>Pipeline</c>, <c>DuckDB</c>, <c>ParquetSharp</c>).</param>
/// <param name="How">The exact call or query, so readers know what was timed.</param>
/// <param name="Run">Does the work once and returns the rows it saw (checked against the data set).</param>
/// <param name="Unavailable">Why the case cannot run in this build, or null; checked before any run.</param>
public sealed record BenchCase(
    string Group,
    string Engine,
    string How,
    Func<CancellationToken, Task<long>> Run,
    Func<string?>? Unavailable = null)
{
    /// <summary>Engine name of Pipeline's own cases; every other engine is a peer.</summary>
    public const string PipelineEngine = "Pipeline";

    /// <summary>True for Pipeline's own cases.</summary>
    public bool IsPipeline => Engine == PipelineEngine;
}
