using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary><c>not_null</c>: reads only the validity bitmap, since converting the values (text especially) would cost
/// more than the check itself.</summary>
internal sealed class NullEvaluator(Rule rule, int column) : RowEvaluator(rule)
{
    /// <inheritdoc />
    public override int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails)
    {
        int count = Validity.MarkNulls(columns.Batch.Column(column), fails);
        return filter is null || count == 0 ? count : filter.Restrict(fails, count);
    }

    /// <inheritdoc />
    public override string Reason(BatchColumns columns, int row) => $"{Rule.Name}: {Rule.Column} is null";

    /// <inheritdoc />
    public override string? Value(BatchColumns columns, int row) => "null";
}
