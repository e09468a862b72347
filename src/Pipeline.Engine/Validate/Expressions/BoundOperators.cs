namespace Pipeline.Engine.Validate.Expressions;

/// <summary><c>-x</c> on numbers, <c>not x</c> on booleans (null stays null).</summary>
internal sealed class BoundUnary(string op, BoundExpr operand) : BoundExpr(op == "not" ? ValueKind.Bool : ValueKind.Number)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var v = operand.Evaluate(columns);
        if (op == "not")
        {
            var b = new bool[v.Length];
            for (int i = 0; i < b.Length; i++) b[i] = !v.Bools![i];
            return new Vec { Kind = ValueKind.Bool, Length = v.Length, Bools = b, Nulls = v.Nulls };
        }
        var n = new double[v.Length];
        for (int i = 0; i < n.Length; i++) n[i] = -v.Numbers![i];
        return new Vec { Kind = ValueKind.Number, Length = v.Length, Numbers = n, Nulls = v.Nulls };
    }
}

/// <summary>Number arithmetic. Division by zero gives null (not infinity) so a rule over it is not decided by accident.</summary>
internal sealed class BoundArithmetic(string op, BoundExpr left, BoundExpr right) : BoundExpr(ValueKind.Number)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var a = left.Evaluate(columns);
        var b = right.Evaluate(columns);
        var x = a.Numbers!; var y = b.Numbers!;
        var r = new double[a.Length];
        var nulls = Vec.OrNulls(a.Nulls, b.Nulls);
        switch (op)
        {
            case "+": for (int i = 0; i < r.Length; i++) r[i] = x[i] + y[i]; break;
            case "-": for (int i = 0; i < r.Length; i++) r[i] = x[i] - y[i]; break;
            case "*": for (int i = 0; i < r.Length; i++) r[i] = x[i] * y[i]; break;
            default:
            {
                bool[]? own = null;
                for (int i = 0; i < r.Length; i++)
                {
                    if (y[i] != 0) { r[i] = x[i] / y[i]; continue; }
                    own ??= nulls is null ? new bool[r.Length] : (bool[])nulls.Clone();
                    own[i] = true;
                }
                nulls = own ?? nulls;
                break;
            }
        }
        return new Vec { Kind = ValueKind.Number, Length = a.Length, Numbers = r, Nulls = nulls };
    }
}

/// <summary>Comparison of two values of one kind. Null on either side gives null; NaN compares false, as in IEEE.</summary>
internal sealed class BoundComparison(string op, BoundExpr left, BoundExpr right) : BoundExpr(ValueKind.Bool)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var a = left.Evaluate(columns);
        var b = right.Evaluate(columns);
        var r = new bool[a.Length];
        switch (a.Kind)
        {
            case ValueKind.Number: Compare(a.Numbers!, b.Numbers!, r); break;
            case ValueKind.Time: Compare(a.Times!, b.Times!, r); break;
            case ValueKind.String:
            {
                var x = a.Strings!; var y = b.Strings!;
                for (int i = 0; i < r.Length; i++) r[i] = x[i] is null || y[i] is null ? false : Test(string.CompareOrdinal(x[i], y[i]));
                break;
            }
            case ValueKind.Bool:
            {
                var x = a.Bools!; var y = b.Bools!;
                for (int i = 0; i < r.Length; i++) r[i] = Test(x[i].CompareTo(y[i]));
                break;
            }
        }
        return new Vec { Kind = ValueKind.Bool, Length = a.Length, Bools = r, Nulls = Vec.OrNulls(a.Nulls, b.Nulls) };
    }

    private void Compare(double[] x, double[] y, bool[] r)
    {
        switch (op)
        {
            case "=": for (int i = 0; i < r.Length; i++) r[i] = x[i] == y[i]; break;
            case "!=": for (int i = 0; i < r.Length; i++) r[i] = x[i] != y[i]; break;
            case "<": for (int i = 0; i < r.Length; i++) r[i] = x[i] < y[i]; break;
            case "<=": for (int i = 0; i < r.Length; i++) r[i] = x[i] <= y[i]; break;
            case ">": for (int i = 0; i < r.Length; i++) r[i] = x[i] > y[i]; break;
            default: for (int i = 0; i < r.Length; i++) r[i] = x[i] >= y[i]; break;
        }
    }

    private void Compare(long[] x, long[] y, bool[] r)
    {
        for (int i = 0; i < r.Length; i++) r[i] = Test(x[i].CompareTo(y[i]));
    }

    private bool Test(int c) => op switch
    {
        "=" => c == 0, "!=" => c != 0, "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0,
    };
}

/// <summary>Kleene three-valued <c>and</c>/<c>or</c>: <c>false and null</c> is false, <c>true or null</c> is true.</summary>
internal sealed class BoundLogic(bool isAnd, BoundExpr left, BoundExpr right) : BoundExpr(ValueKind.Bool)
{
    public override Vec Evaluate(BatchColumns columns)
    {
        var a = left.Evaluate(columns);
        var b = right.Evaluate(columns);
        var r = new bool[a.Length];
        bool[]? nulls = a.Nulls is null && b.Nulls is null ? null : new bool[a.Length];
        for (int i = 0; i < r.Length; i++)
        {
            bool an = a.IsNull(i), bn = b.IsNull(i), av = a.Bools![i], bv = b.Bools![i];
            if (isAnd)
            {
                if ((!an && !av) || (!bn && !bv)) r[i] = false;
                else if (an || bn) nulls![i] = true;
                else r[i] = true;
            }
            else
            {
                if ((!an && av) || (!bn && bv)) r[i] = true;
                else if (an || bn) nulls![i] = true;
                else r[i] = false;
            }
        }
        return new Vec { Kind = ValueKind.Bool, Length = a.Length, Bools = r, Nulls = nulls };
    }
}
