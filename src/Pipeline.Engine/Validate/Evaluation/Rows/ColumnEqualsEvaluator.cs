using System.Runtime.CompilerServices;
using Pipeline.Engine.Validate.Kinds;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary><c>column_equals</c>: the column equals a number expression within a tolerance; a null on either side
/// passes.</summary>
internal sealed class ColumnEqualsEvaluator(Rule rule, int column, BoundExpr other) : ColumnEvaluator(rule, column)
{
    /// <summary>The right side per batch, so the reasons of many failing rows evaluate it once.</summary>
    private readonly ConditionalWeakTable<BatchColumns, Vec> _otherValues = [];

    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails)
    {
        var v = columns.Column(Column);
        var right = other.Evaluate(columns);
        double tolerance = Rule.Tolerance;
        int count = 0;
        for (int i = 0; i < fails.Length; i++)
        {
            bool fail;
            if (filter is not null && !filter.Selects(i)) fail = false;
            else if (v.IsNull(i)) fail = false;
            else fail = !right.IsNull(i) && !(Math.Abs(v.Numbers![i] - right.Numbers![i]) <= tolerance);
            fails[i] = fail;
            if (fail) count++;
        }
        return count;
    }

    /// <inheritdoc />
    protected override string Expected(BatchColumns columns, int row)
        => $"{Rule.Text} = {RowCheck.Display(_otherValues.GetValue(columns, other.Evaluate), row)}"
           + (Rule.Tolerance > 0 ? $" ± {RuleText.Number(Rule.Tolerance)}" : "");
}
