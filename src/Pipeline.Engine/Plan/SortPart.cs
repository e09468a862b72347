using Pipeline.Core.Operators.Sort;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Plan;

/// <summary>The spec's <c>sort:</c> in a run: the spilling, stable sort operator in front of the transforms.</summary>
public sealed class SortPart(IReadOnlyList<SortKey> keys) : IStagePart
{
    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        plan.AddOperator(new SortOperator(keys));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run) => results;
}
