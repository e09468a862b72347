using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>A rule on one column's values: null values never fail, and a failing row is explained by its value and
/// what was expected.</summary>
internal abstract class ColumnEvaluator(Rule rule, int column) : RowEvaluator(rule)
{
    /// <summary>The checked column's index in the schema.</summary>
    protected int Column => column;

    /// <summary>What a passing value of row <paramref name="row"/> looks like (<c>&gt; 0</c>, <c>in [a, b]</c>).</summary>
    protected abstract string Expected(BatchColumns columns, int row);

    /// <inheritdoc />
    public sealed override string Reason(BatchColumns columns, int row)
    {
        if (ArrowValues.Display(columns.Batch.Column(column), row) is not { } shown) return $"{Rule.Name}: {Rule.Column} is null";
        return $"{Rule.Name}: {Rule.Column} = {shown}, expected {Expected(columns, row)}";
    }

    /// <inheritdoc />
    public sealed override string? Value(BatchColumns columns, int row) => ArrowValues.Display(columns.Batch.Column(column), row) ?? "null";
}
