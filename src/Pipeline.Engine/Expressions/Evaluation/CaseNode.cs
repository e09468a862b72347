using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary><c>case when c1 then v1 ... else e end</c>: each row takes the value of its first true condition (null
/// counts as not true), else <c>e</c> or null. Conditions and values are evaluated over the whole batch.</summary>
internal sealed class CaseNode(IReadOnlyList<Node> conditions, IReadOnlyList<Node> values, Node? otherwise, SqlType type)
    : Node(type, [.. conditions, .. values, .. otherwise is null ? Array.Empty<Node>() : [otherwise]])
{
    public IReadOnlyList<Node> Conditions { get; } = conditions;
    public IReadOnlyList<Node> Values { get; } = values;
    public Node? Otherwise { get; } = otherwise;

    public override Vector Evaluate(EvalContext context)
    {
        var conditions = Conditions;
        var values = Values;
        var otherwise = Otherwise;
        int n = context.Length;
        var pick = new int[n];
        Array.Fill(pick, -1);
        int open = n;
        for (int k = 0; k < conditions.Count && open > 0; k++)
        {
            var c = conditions[k].Evaluate(context);
            var b = c.As<bool>();
            for (int i = 0; i < n; i++)
                if (pick[i] < 0 && b[i] && !c.IsNull(i)) { pick[i] = k; open--; }
        }
        var branches = new Vector?[conditions.Count + 1];
        for (int i = 0; i < n; i++)
        {
            int k = pick[i] < 0 ? conditions.Count : pick[i];
            if (branches[k] is null && (k < conditions.Count || otherwise is not null))
                branches[k] = (k < conditions.Count ? values[k] : otherwise!).Evaluate(context);
        }
        return Type.Kind switch
        {
            SqlKind.Boolean or SqlKind.Null => Select<bool>(branches, pick, conditions.Count),
            SqlKind.Double => Select<double>(branches, pick, conditions.Count),
            SqlKind.Decimal => Select<decimal>(branches, pick, conditions.Count),
            SqlKind.String => Select<string?>(branches, pick, conditions.Count),
            _ => Select<long>(branches, pick, conditions.Count),
        };
    }

    private Vector Select<T>(Vector?[] branches, int[] pick, int elseIndex)
    {
        var r = new T[pick.Length];
        var nulls = new bool[pick.Length];
        for (int i = 0; i < r.Length; i++)
        {
            var v = branches[pick[i] < 0 ? elseIndex : pick[i]];
            if (v is null || v.IsNull(i)) { nulls[i] = true; continue; }
            r[i] = v.As<T>()[i];
        }
        return new Vector(Type, r, NullMasks.Trim(nulls));
    }
}
