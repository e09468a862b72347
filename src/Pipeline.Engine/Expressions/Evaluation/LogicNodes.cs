using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary><c>and</c> / <c>or</c> with SQL's three-valued logic: false and null is false, true or null is true.</summary>
internal sealed class LogicNode(bool and, Node left, Node right) : Node(SqlType.Boolean, left, right)
{
    public bool And { get; } = and;
    public Node Left { get; } = left;
    public Node Right { get; } = right;

    public override Vector Evaluate(EvalContext context)
    {
        bool and = And;
        var a = Left.Evaluate(context);
        var b = Right.Evaluate(context);
        var x = a.As<bool>();
        var y = b.As<bool>();
        int n = x.Length;
        var r = new bool[n];
        bool[]? nulls = null;
        for (int i = 0; i < n; i++)
        {
            bool an = a.IsNull(i), bn = b.IsNull(i);
            if (!an && !bn) { r[i] = and ? x[i] & y[i] : x[i] | y[i]; continue; }
            // The known side decides when it is the dominant value (false for and, true for or).
            bool dominant = !and;
            if ((!an && x[i] == dominant) || (!bn && y[i] == dominant)) { r[i] = dominant; continue; }
            (nulls ??= new bool[n])[i] = true;
        }
        return new Vector(SqlType.Boolean, r, nulls);
    }
}

/// <summary><c>not x</c>: null stays null.</summary>
internal sealed class NotNode(Node operand) : Node(SqlType.Boolean, operand)
{
    public Node Operand { get; } = operand;

    public override Vector Evaluate(EvalContext context) => VectorOps.Map<bool, bool>(Operand.Evaluate(context), SqlType.Boolean, static b => !b);
}

/// <summary><c>x is [not] null</c>: never null itself.</summary>
internal sealed class IsNullNode(Node operand, bool negated) : Node(SqlType.Boolean, operand)
{
    public Node Operand { get; } = operand;
    public bool Negated { get; } = negated;

    public override Vector Evaluate(EvalContext context)
    {
        var v = Operand.Evaluate(context);
        var r = new bool[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = v.IsNull(i) != Negated;
        return new Vector(SqlType.Boolean, r, null);
    }
}

/// <summary><c>x [not] in (constants)</c>: a miss is null when the list holds null, as SQL has it.</summary>
internal sealed class InNode<T>(Node operand, HashSet<T> items, bool listHasNull, bool negated) : Node(SqlType.Boolean, operand)
{
    public override Vector Evaluate(EvalContext context)
    {
        var v = operand.Evaluate(context);
        var x = v.As<T>();
        var r = new bool[x.Length];
        var nulls = NullMasks.Copy(v.Nulls, x.Length);
        for (int i = 0; i < r.Length; i++)
        {
            if (nulls[i]) continue;
            bool found = items.Contains(x[i]);
            if (!found && listHasNull) nulls[i] = true;
            else r[i] = found != negated;
        }
        return new Vector(SqlType.Boolean, r, NullMasks.Trim(nulls));
    }
}
