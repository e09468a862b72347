using Apache.Arrow;
using Pipeline.Engine.Expressions;

namespace Pipeline.Engine.Validate.Expressions;

/// <summary>
/// A rule's condition (<c>expression:</c>, <c>when:</c>, <c>filter:</c>) evaluated by the step expression engine
/// (<see cref="ScalarExpression"/>: DuckDB's functions, integer/decimal/double arithmetic), handed to the rule
/// evaluation as the true/false/null bytes it works on. Rules and derived columns thus read one language.
/// </summary>
internal sealed class BoundScalarCondition(ScalarExpression condition) : BoundExpr(ValueKind.Bool)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        int n = columns.Length;
        var values = new bool[n];
        bool[]? nulls = null;
        var result = condition.Evaluate(columns.Batch);
        try
        {
            switch (result)
            {
                case BooleanArray truth:
                    for (int i = 0; i < n; i++)
                    {
                        bool? value = truth.GetValue(i);
                        if (value is { } v) values[i] = v;
                        else (nulls ??= new bool[n])[i] = true;
                    }
                    break;
                default:
                    // The bare null literal: unknown for every row.
                    nulls = new bool[n];
                    System.Array.Fill(nulls, true);
                    break;
            }
        }
        finally
        {
            result.Dispose();
        }
        return new Vec { Kind = ValueKind.Bool, Length = n, Bools = values, Nulls = nulls };
    }
}
