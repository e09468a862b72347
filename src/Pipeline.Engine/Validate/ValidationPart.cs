using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Validate;

/// <summary>The spec's <c>rules:</c> (and rules earlier stages derive) in a run: the row-rule transform, the
/// table-rule analyzer, and <c>rules[]</c>, the status and the dropped rows in the results.</summary>
public sealed class ValidationPart(RuleSet? rules) : IStagePart
{
    /// <summary>Keep what a mergeable run state needs (<c>--state</c>): set before the run.</summary>
    public bool KeepState { get; set; }

    /// <summary>This attempt's validation; null when there is no rule to check.</summary>
    public Validation? Current { get; private set; }

    /// <inheritdoc />
    public async Task ContributeAsync(RunPlanBuilder plan)
    {
        var ruleSet = plan.DerivedRules.Count > 0 ? new RuleSet([.. rules?.Rules ?? [], .. plan.DerivedRules]) : rules;
        Current = ruleSet is { IsEmpty: false } set ? new Validation(set, plan.Input.Path, plan.Input.StartedAt, plan.Context, KeepState) : null;
        if (Current is null) return;
        await Current.PrepareAsync(plan.Context).ConfigureAwait(false);
        plan.AddTransform(TransformSlot.Validate, Current.Transform);
        plan.AddAnalyzer(AnalyzerSlot.Rules, Current.Analyzer);
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run)
    {
        if (Current is null) return results;
        var outcomes = Current.Results(run.Outcome.InputSchema);
        bool failed = outcomes.Any(r => !r.Passed && r.Severity == "error");
        return results with
        {
            Rules = outcomes,
            Status = results.Status == "ok" && failed ? "checks_failed" : results.Status,
            Rows = results.Rows with { Dropped = Current.RowsDropped },
        };
    }
}
