using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>
/// A rule that judges each value alone: on the Arrow array directly when the kind has a check for its type
/// (<paramref name="direct"/>), else per value through <paramref name="passes"/>, which stays the reference semantics.
/// </summary>
internal sealed class ValueEvaluator(Rule rule, int column, Func<Vec, int, bool> passes, IArrayCheck? direct, string expected)
    : ColumnEvaluator(rule, column)
{
    /// <inheritdoc />
    public override IArrayCheck? Direct => direct;

    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails)
    {
        if (direct is not null && direct.Evaluate(columns.Batch.Column(Column), fails) is var failed and >= 0)
            return filter is null ? failed : filter.Restrict(fails, failed);
        var v = columns.Column(Column);
        int count = 0;
        for (int i = 0; i < fails.Length; i++)
        {
            bool fail;
            if (filter is not null && !filter.Selects(i)) fail = false;
            else if (v.IsNull(i)) fail = false;
            else fail = !passes(v, i);
            fails[i] = fail;
            if (fail) count++;
        }
        return count;
    }

    /// <inheritdoc />
    protected override string Expected(BatchColumns columns, int row) => expected;
}
