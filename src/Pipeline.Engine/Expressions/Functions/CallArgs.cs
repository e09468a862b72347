using Pipeline.Engine.Expressions.Binding;
using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>A call's bound arguments with the checks functions share; errors point at the argument concerned.</summary>
internal sealed class CallArgs(Binder binder, CallExpr call, List<Node> args)
{
    public Binder Binder { get; } = binder;
    public CallExpr Call { get; } = call;
    public int Count => args.Count;
    public Node this[int i] => args[i];
    public IReadOnlyList<Node> All => args;

    public ExpressionException Error(string message) => new($"{Call.Function}(): {message}", Call.Position);

    /// <summary>Argument <paramref name="i"/> converted implicitly to <paramref name="type"/>.</summary>
    public Node As(int i, SqlType type) => Binder.Coerce(args[i], type, Call.Arguments[i], $"{Call.Function}()");

    public Node Text(int i) => As(i, SqlType.String);
    public Node Long(int i) => As(i, SqlType.Int64);
    public Node Double(int i) => As(i, SqlType.Double);

    /// <summary>Argument <paramref name="i"/> as a number of any kind (null counts as BIGINT).</summary>
    public Node Numeric(int i)
    {
        var n = args[i];
        if (n.Type.Kind == SqlKind.Null) return As(i, SqlType.Int64);
        if (!n.Type.IsNumeric) throw new ExpressionException($"{Call.Function}() needs a number, but this is {n.Type}", Call.Arguments[i].Position);
        return n;
    }

    /// <summary>Argument <paramref name="i"/> as a date or timestamp (null and text constants count as TIMESTAMP).</summary>
    public Node Temporal(int i)
    {
        var n = args[i];
        if (n.Type.IsTemporal) return n;
        if (n.Type.Kind == SqlKind.Null || n is ConstantNode { Type.Kind: SqlKind.String }) return As(i, SqlType.Timestamp);
        throw new ExpressionException($"{Call.Function}() needs a date or timestamp, but this is {n.Type}", Call.Arguments[i].Position);
    }

    /// <summary>Argument <paramref name="i"/>, which must be a text constant (a date part, a pattern, a format).</summary>
    public string ConstantText(int i, string what)
    {
        if (args[i] is ConstantNode { Value: string s }) return s;
        throw new ExpressionException($"{Call.Function}() needs {what} as a text constant", Call.Arguments[i].Position);
    }

    /// <summary>Argument <paramref name="i"/>, which must be an integer constant.</summary>
    public long? ConstantLong(int i)
        => args[i] is ConstantNode { Type.Kind: SqlKind.Int64 } c ? (long?)c.Value : null;
}
