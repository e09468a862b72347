using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Clean;

/// <summary>The spec's <c>clean:</c> in a run: the statistics pass, the cleaning transform (before validation) and
/// <c>cleaning[]</c> in the results. Outlier quarantine becomes derived rules that validation checks.</summary>
public sealed class CleaningPart(IReadOnlyList<ColumnCleaning> columns) : IStagePart
{
    /// <summary>This attempt's cleaning.</summary>
    public Cleaning? Current { get; private set; }

    /// <inheritdoc />
    public ResultsPhase Phase => ResultsPhase.Derived;

    /// <inheritdoc />
    public async Task ContributeAsync(RunPlanBuilder plan)
    {
        Current = new Cleaning(columns);
        await Current.PrepareAsync(plan.Input.Path, plan.Input.Open, plan.Context).ConfigureAwait(false);
        plan.DerivedRules.AddRange(Current.GeneratedRules);
        plan.AddTransform(TransformSlot.Clean, Current.Transform);
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run) => results with { Cleaning = Current!.Results(results.Rules) };
}
