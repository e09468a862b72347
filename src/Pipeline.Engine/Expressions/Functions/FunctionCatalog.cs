using Pipeline.Engine.Expressions.Binding;
using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>The functions by name (DuckDB's names), each with its argument count and its binder.</summary>
internal static class FunctionCatalog
{
    /// <summary>One function: how many arguments it takes and how it types them into a node.</summary>
    public sealed record Entry(int Min, int Max, Func<CallArgs, Node> Bind);

    private static readonly Dictionary<string, Entry> Functions = Build();

    public static IEnumerable<string> Names => Functions.Keys;

    private static Dictionary<string, Entry> Build()
    {
        var d = new Dictionary<string, Entry>(StringComparer.Ordinal);
        ConditionalFunctions.Register(d);
        StringFunctions.Register(d);
        MathFunctions.Register(d);
        DateFunctions.Register(d);
        return d;
    }

    public static Node Bind(Binder binder, CallExpr call)
    {
        if (!Functions.TryGetValue(call.Function, out var entry))
        {
            var hint = YamlNodes.Suggest(call.Function, Functions.Keys);
            throw new ExpressionException($"unknown function '{call.Function}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"), call.Position);
        }
        int n = call.Arguments.Count;
        if (n < entry.Min || n > entry.Max)
        {
            string expected = entry.Min == entry.Max ? $"{entry.Min}" : entry.Max == int.MaxValue ? $"at least {entry.Min}" : $"{entry.Min} to {entry.Max}";
            throw new ExpressionException($"{call.Function}() takes {expected} argument{(entry.Max == 1 ? "" : "s")}, got {n}", call.Position);
        }
        return entry.Bind(new CallArgs(binder, call, [.. call.Arguments.Select(binder.Bind)]));
    }
}
