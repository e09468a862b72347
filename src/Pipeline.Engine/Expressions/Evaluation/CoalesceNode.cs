using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary><c>coalesce</c> / <c>ifnull</c>: each row takes its first non-null argument. A node of its own (not a
/// <see cref="CallNode"/>) so the fast evaluator can recognise it.</summary>
internal sealed class CoalesceNode(SqlType type, IReadOnlyList<Node> arguments) : Node(type, arguments)
{
    /// <summary>The arguments, already converted to <see cref="Node.Type"/>.</summary>
    public IReadOnlyList<Node> Arguments { get; } = arguments;

    public override Vector Evaluate(EvalContext context)
    {
        var v = new Vector[Arguments.Count];
        for (int k = 0; k < v.Length; k++) v[k] = Arguments[k].Evaluate(context);
        int n = context.Length;
        var values = Vector.NewValues(Type, n);
        var nulls = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int k = 0;
            while (k < v.Length && v[k].IsNull(i)) k++;
            if (k == v.Length) nulls[i] = true;
            else Array.Copy(v[k].Values, i, values, i, 1);
        }
        return new Vector(Type, values, NullMasks.Trim(nulls));
    }
}
