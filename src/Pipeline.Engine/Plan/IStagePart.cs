using Pipeline.Core.Execution;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Plan;

/// <summary>
/// A stage's part in a run: what it adds to the plan, what it writes once the rows have flowed, and its section of
/// <c>results.json</c>. A new stage is a new folder with its part, plus one registration where the host turns a spec
/// into parts; no entry point changes.
/// </summary>
public interface IStagePart
{
    /// <summary>Adds this stage's operators, transforms and analyzers to one attempt's plan (fresh state per attempt);
    /// parts contribute in registration order, which is flow order.</summary>
    Task ContributeAsync(RunPlanBuilder plan);

    /// <summary>After the rows have flowed: writes this stage's files. A failure here fails the run.</summary>
    Task FinishAsync(CompletedRun run) => Task.CompletedTask;

    /// <summary>When <see cref="Complete"/> runs relative to the other parts (then in registration order).</summary>
    ResultsPhase Phase => ResultsPhase.Counts;

    /// <summary>This stage's section of the results (after every part finished, by <see cref="Phase"/>).</summary>
    RunResults Complete(RunResults results, CompletedRun run);
}

/// <summary>The order in which parts complete the results: a section may read the sections of earlier phases.</summary>
public enum ResultsPhase
{
    /// <summary>Counts and rule results (validation, dedup).</summary>
    Counts,

    /// <summary>Sections derived from the counts and rules (cleaning's outlier counts, the quality score).</summary>
    Derived,

    /// <summary>Documents built from everything (insights, narrative, the report).</summary>
    Documents,
}

/// <summary>A run whose rows have all flowed.</summary>
/// <param name="Outcome">The runner's outcome (schemas, counts, merged analyzers).</param>
/// <param name="Context">The run's context.</param>
/// <param name="RunFolder">The run folder, when there is one.</param>
/// <param name="Succeeded">False when a later step (writing the quarantine, a part's files) failed.</param>
public sealed record CompletedRun(BatchOutcome Outcome, PipelineContext Context, string? RunFolder, bool Succeeded = true);
