using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary><c>coalesce</c>, <c>ifnull</c>, <c>nullif</c>.</summary>
internal static class ConditionalFunctions
{
    public static void Register(Dictionary<string, FunctionCatalog.Entry> d)
    {
        d["coalesce"] = new(1, int.MaxValue, Coalesce);
        d["ifnull"] = new(2, 2, Coalesce);
        d["nullif"] = new(2, 2, NullIf);
    }

    /// <summary>All arguments converted to the type they meet in.</summary>
    public static (List<Node> Args, SqlType Type) Common(CallArgs a)
    {
        var type = SqlType.Null;
        for (int i = 0; i < a.Count; i++)
            type = TypeRules.Common(type, a[i].Type) ?? throw a.Error($"arguments mix {type} and {a[i].Type}");
        return ([.. Enumerable.Range(0, a.Count).Select(i => a.As(i, type))], type);
    }

    private static Node Coalesce(CallArgs a)
    {
        var (args, type) = Common(a);
        return new CoalesceNode(type, args);
    }

    private static Node NullIf(CallArgs a)
    {
        var (args, type) = Common(a);
        return new CallNode(type, args, (v, c) =>
        {
            var equal = Comparisons.Compare("=", v[0], v[1]);
            var nulls = NullMasks.Copy(v[0].Nulls, c.Length);
            var eq = equal.As<bool>();
            for (int i = 0; i < nulls.Length; i++) if (!equal.IsNull(i) && eq[i]) nulls[i] = true;
            return new Vector(type, v[0].Values, NullMasks.Trim(nulls));
        });
    }
}
