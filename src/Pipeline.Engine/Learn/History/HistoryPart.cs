using Pipeline.Core.Errors;
using Pipeline.Core.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// The learn stage's part in a run that keeps history: once the rows have flowed, compares the run with the dataset's
/// earlier runs (before the documents, so insights and the report include what changed). The run itself is appended
/// by the host after everything else, with its final status.
/// </summary>
/// <param name="store">The history.</param>
/// <param name="runId">This run's id.</param>
/// <param name="dataset">The dataset it is recorded under.</param>
/// <param name="baseline">What drift is measured against.</param>
/// <param name="seriesLength">Earlier runs read.</param>
/// <param name="profile">The run's profile part, when it profiles (column metrics come from it).</param>
public sealed class HistoryPart(IRunHistory store, string runId, string dataset, Baseline baseline, int seriesLength, ProfilePart? profile) : IStagePart
{
    /// <summary>The comparison, once <see cref="Complete"/> ran on a successful run; null otherwise.</summary>
    public HistoryComparison? Comparison { get; private set; }

    /// <summary>Why the history could not be read, when it could not (the run goes on without it).</summary>
    public string? Failure { get; private set; }

    /// <inheritdoc />
    public ResultsPhase Phase => ResultsPhase.Derived;

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan) => Task.CompletedTask;

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(run);
        results = results with { RunId = runId, Dataset = dataset };
        // A failed run's metrics say nothing about the data: no drift or anomaly for it.
        if (!run.Succeeded || results.Error is not null) return results;
        try
        {
            Comparison = HistoryComparison.Of(store, HistoryRecords.From(results, profile?.Report, runId, dataset), baseline, seriesLength);
            return Comparison.ApplyTo(results);
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Failure = ex.Message;
            return results;
        }
    }
}
