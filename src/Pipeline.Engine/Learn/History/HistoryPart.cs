using Pipeline.Core.Errors;
using Pipeline.Core.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;

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
/// <param name="rules">The spec's rules: the history rules among them are judged here.</param>
/// <param name="strategies">Per metric another anomaly strategy than the default, or null to leave it unwatched.</param>
public sealed class HistoryPart(IRunHistory store, string runId, string dataset, Baseline baseline, int seriesLength, ProfilePart? profile,
    Validate.RuleSet? rules = null, IReadOnlyDictionary<string, Anomalies.IAnomalyStrategy?>? strategies = null) : IStagePart
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
            Comparison = HistoryComparison.Of(store, HistoryRecords.From(results, profile?.Report, runId, dataset), baseline, seriesLength, strategies);
            return Judge(Comparison.ApplyTo(results), Comparison);
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Failure = ex.Message;
            return results;
        }
    }

    /// <summary>The history rules' results in place of their pending ones, and the status they lead to.</summary>
    private RunResults Judge(RunResults results, HistoryComparison comparison)
    {
        var byName = rules?.Rules.Where(r => r.Kind.Scope() == Validate.RuleScope.History).ToDictionary(r => r.Name, StringComparer.Ordinal);
        if (byName is null || byName.Count == 0) return results;
        var judged = results.Rules.Select(r => r.Scope == "history" && byName.TryGetValue(r.Name, out var rule)
            ? Validate.Evaluation.RuleOutcomes.History(rule, comparison) : r).ToList();
        bool failed = judged.Any(r => !r.Passed && r.Severity == "error");
        var status = results.Status is "ok" or "checks_failed" ? failed ? "checks_failed" : "ok" : results.Status;
        return results with { Rules = judged, Status = status };
    }
}
