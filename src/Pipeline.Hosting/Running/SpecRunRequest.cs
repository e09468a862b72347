using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running;

/// <summary>What <see cref="SpecRunner"/> should run and where its records go.</summary>
public sealed record SpecRunRequest
{
    /// <summary>The spec to run.</summary>
    public required PipelineSpec Spec { get; init; }

    /// <summary>The command name recorded in <c>results.json</c>.</summary>
    public string Command { get; init; } = "run";

    /// <summary>The run folder (<c>results.json</c>, <c>quarantine.parquet</c>); null writes no run folder.</summary>
    public string? RunFolder { get; init; }

    /// <summary>Where rejected rows go when there is no run folder (e.g. <c>convert --rejects</c>); null drops them after counting.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>Per-batch transforms, in order (validation and cleaning stages plug in here).</summary>
    public IReadOnlyList<IBatchTransform> Transforms { get; init; } = [];

    /// <summary>Row operations of a step (select, derive, filter) that run before cleaning and validation.</summary>
    public IReadOnlyList<IBatchTransform> ShapeTransforms { get; init; } = [];

    /// <summary>Wraps the opened source on every attempt (a step's operators in front of the runner); null leaves it.</summary>
    public Func<ISource, ISource>? WrapSource { get; init; }

    /// <summary>What rule failures name as their source instead of the input's path (a step whose filter or union
    /// renumbers the rows, so the reader's line numbers no longer apply); null names the input.</summary>
    public string? InputLabel { get; init; }

    /// <summary>Reuse the steps a killed or failed run into the same run folder completed, where their spec, settings
    /// and inputs are unchanged (<c>pipeline run --resume</c>).</summary>
    public bool Resume { get; init; }

    /// <summary>True for the run of one step of a spec with steps (its results then list no steps of their own).</summary>
    public bool IsStep { get; init; }

    /// <summary>Whether the input files are hashed for <c>results.json</c>'s <c>inputs[]</c> (default true). A step that
    /// reads an earlier step's checkpoint sets it false: the run records spec sources only, and hashing a file
    /// nobody reads back costs a full read of it beside the run.</summary>
    public bool AuditInputs { get; init; } = true;

    /// <summary>Watches the stages while rows flow (live per-stage counters, then the end of the flow); null for none.
    /// Steps pass it on to their own runs.</summary>
    public IStageObserver? StageObserver { get; init; }

    /// <summary>Analyzers fed with the output batches.</summary>
    public IReadOnlyList<IAnalyzer> Analyzers { get; init; } = [];

    /// <summary>Receives byte progress (e.g. a progress bar); null for none.</summary>
    public IProgressReporter? Progress { get; init; }

    /// <summary>An in-code source read instead of <see cref="PipelineSpec.Source"/> (host batches, standard input, a
    /// database); its <see cref="ISource.Files"/> are audited, and a source without files is recorded under the spec
    /// source's path. Null opens the spec's source path. Such a source is opened once: it cannot be restarted.</summary>
    public ISource? InputSource { get; init; }

    /// <summary>In-code sinks (a host's batch consumer, a database table) written after the spec's sinks.</summary>
    public IReadOnlyList<ISink> ExtraSinks { get; init; } = [];

    /// <summary>Record the run in the run history (docs/history.md); null records nothing. A step's own run is never
    /// recorded: the run of the whole spec is.</summary>
    public History.HistorySettings? History { get; init; }

    /// <summary>How many times a source may ask to start over with corrected settings. Default 3.</summary>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>Keep the run's mergeable state (<c>--state FILE</c>; <see cref="SpecRunResult.State"/>): rule counts,
    /// every uniqueness key as a 64-bit value, row and null counts, and the profile state when the spec profiles.</summary>
    public bool KeepState { get; init; }
}
