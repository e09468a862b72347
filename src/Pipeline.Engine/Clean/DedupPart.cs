using Pipeline.Core.Operators.Dedup;
using Pipeline.Engine.Plan;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Clean;

/// <summary>The spec's <c>dedup:</c> in a run: the spilling dedup operator in front of the transforms, and the removed
/// rows counted as read and deduplicated (conservation: read = written + quarantined + dropped + deduplicated).</summary>
public sealed class DedupPart(IReadOnlyList<string> columns, DedupKeep keep) : IStagePart
{
    private DedupOperator? _dedup;

    /// <inheritdoc />
    public Task ContributeAsync(RunPlanBuilder plan)
    {
        // A fresh operator per attempt, so its count is this attempt's.
        _dedup = new DedupOperator(columns, keep);
        plan.AddOperator(_dedup);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public RunResults Complete(RunResults results, CompletedRun run) => results with
    {
        Rows = results.Rows with { Read = results.Rows.Read + _dedup!.RowsRemoved, Deduplicated = _dedup.RowsRemoved },
    };
}
