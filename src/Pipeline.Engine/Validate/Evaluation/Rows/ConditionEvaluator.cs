using Pipeline.Engine.Expressions;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>An expression or conditional rule: a row fails where the condition is false, unless it is null or the
/// filter (<c>when</c>) does not select the row. Both are read from the Boolean arrays the step expression engine
/// computes, eight rows per step.</summary>
internal sealed class ConditionEvaluator(Rule rule, ScalarExpression condition) : RowEvaluator(rule)
{
    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails)
    {
        using var answer = ConditionMask.Evaluate(condition, columns.Batch);
        return answer.MarkFalse(fails, filter);
    }

    /// <inheritdoc />
    public override string Reason(BatchColumns columns, int row) => $"{Rule.Name}: \"{Rule.Text}\" is false";

    /// <inheritdoc />
    public override string? Value(BatchColumns columns, int row) => null;
}
