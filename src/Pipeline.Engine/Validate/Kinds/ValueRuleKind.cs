using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A row kind that judges each value of its column alone: a per-value predicate (the reference semantics,
/// and the path for every array type), optionally a direct check on the Arrow array, and the expected-value text of
/// its reasons.</summary>
internal abstract class ValueRuleKind : RowRuleKind
{
    /// <inheritdoc />
    public sealed override RowEvaluator Bind(RowBinding binding)
    {
        int column = binding.ColumnIndex();
        var test = Test(binding, binding.KindOf(column));
        return new ValueEvaluator(binding.Rule, column, test, Direct(binding.Rule, binding.Now), Expected(binding.Rule));
    }

    /// <summary>Whether a non-null value passes, for a column of <paramref name="kind"/>.</summary>
    /// <exception cref="Core.Errors.PipelineException">The kind cannot check such a column (<see cref="RowBinding.Needs"/>).</exception>
    protected abstract ValueTest Test(RowBinding binding, ValueKind? kind);

    /// <summary>The same check on the Arrow array's buffers, for the array types it knows (null: none).</summary>
    protected virtual IArrayCheck? Direct(Rule rule, DateTimeOffset now) => null;

    /// <summary>What a passing value looks like, in reasons: <c>&gt; 0</c>, <c>in [a, b]</c>.</summary>
    protected abstract string Expected(Rule rule);
}
