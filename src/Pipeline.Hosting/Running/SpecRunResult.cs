using Pipeline.Core.Execution;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running;

/// <summary>The outcome of a <see cref="SpecRunner"/>: the results document and, on success, the runner's outcome.</summary>
/// <param name="Results">What was (or would be) written to <c>results.json</c>.</param>
/// <param name="Outcome">The runner's outcome with merged analyzers; null when the run failed.</param>
/// <param name="Error">The failure, when there was one.</param>
public sealed record SpecRunResult(RunResults Results, BatchOutcome? Outcome, Exception? Error)
{
    /// <summary>The profile of the rows that reached the sinks, when the spec asked for one and the run completed.</summary>
    public Engine.Analyze.Profile.ProfileReport? Profile { get; init; }

    /// <summary>The mergeable state behind <see cref="Profile"/> (save it with
    /// <see cref="Engine.Analyze.Profile.ProfileStateFile.Write"/> to combine partitions with <c>pipeline merge</c>).</summary>
    public Engine.Analyze.Profile.TableProfiler? ProfileState { get; init; }

    /// <summary>True when the run completed.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The run's mergeable state (<see cref="SpecRunRequest.KeepState"/>), or null.</summary>
    public Engine.Partitioned.PartitionState? State { get; init; }
}
