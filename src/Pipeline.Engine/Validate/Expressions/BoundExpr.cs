namespace Pipeline.Engine.Validate.Expressions;

/// <summary>A type-checked expression node that evaluates a whole batch at once into a <see cref="Vec"/>.</summary>
internal abstract class BoundExpr(ValueKind kind)
{
    public ValueKind Kind { get; } = kind;
    public abstract Vec Evaluate(BatchColumns columns);
}

internal sealed class BoundLiteral(object? value, ValueKind kind) : BoundExpr(kind)
{
    public object? Value { get; } = value;
    public override Vec Evaluate(BatchColumns columns) => Vec.Constant(Value, Kind, columns.Length);
}

internal sealed class BoundColumn(int index, ValueKind kind) : BoundExpr(kind)
{
    public override Vec Evaluate(BatchColumns columns) => columns.Column(index);
}

internal sealed class BoundIsNull(BoundExpr operand, bool negated) : BoundExpr(ValueKind.Bool)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var v = operand.Evaluate(columns);
        var r = new bool[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = v.IsNull(i) != negated;
        return new Vec { Kind = ValueKind.Bool, Length = v.Length, Bools = r };
    }
}

/// <summary><c>x [not] in (...)</c> against a set of constants of x's kind (null items make a miss unknown, as in SQL).</summary>
internal sealed class BoundIn(BoundExpr operand, HashSet<double>? numbers, HashSet<string>? strings, HashSet<long>? times, HashSet<bool>? bools, bool hasNull, bool negated) : BoundExpr(ValueKind.Bool)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var v = operand.Evaluate(columns);
        var r = new bool[v.Length];
        var nulls = v.Nulls is null ? null : (bool[])v.Nulls.Clone();
        if (nulls is null && hasNull) nulls = new bool[v.Length];
        for (int i = 0; i < r.Length; i++)
        {
            if (v.IsNull(i)) continue;
            bool hit = v.Kind switch
            {
                ValueKind.Number => numbers!.Contains(v.Numbers![i]),
                ValueKind.String => strings!.Contains(v.Strings![i]!),
                ValueKind.Time => times!.Contains(v.Times![i]),
                _ => bools!.Contains(v.Bools![i]),
            };
            if (!hit && hasNull) nulls![i] = true;
            r[i] = hit != negated;
        }
        return new Vec { Kind = ValueKind.Bool, Length = v.Length, Bools = r, Nulls = nulls };
    }
}
