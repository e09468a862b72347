using Pipeline.Engine.Clean;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Validate.Quality;

/// <summary>The quality score in a run with rules or cleaning: null counts of every input row (before any row is
/// removed) and <c>quality</c> in the results, weighted by the rules' dimensions.</summary>
public sealed class QualityPart(ValidationPart validation, CleaningPart? cleaning) : IStagePart
{
    /// <summary>This attempt's null counts; null when the run has neither rules nor cleaning.</summary>
    public NullCounts? Nulls { get; private set; }

    /// <inheritdoc />
    public ResultsPhase Phase => ResultsPhase.Derived;

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        Nulls = validation.Current is not null || cleaning?.Current is not null ? new NullCounts() : null;
        if (Nulls is not null) plan.AddTransform(TransformSlot.Nulls, Nulls);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run) => Nulls is null ? results : results with
    {
        Quality = QualityScore.Compute(results, validation.Current?.Rules, Nulls, run.Outcome.InputSchema.FieldsList.Select(f => f.Name).ToList()),
    };
}
