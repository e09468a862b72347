using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Yaml;
using System.Globalization;
using Apache.Arrow;

namespace Pipeline.Engine.Validate.Expressions;

/// <summary>
/// Type-checks an expression against a schema and compiles it into <see cref="BoundExpr"/> nodes. Comparisons need
/// both sides of one kind, except that a text constant compared with a date/timestamp column is read as an ISO date
/// (<c>ordered_at &gt;= '2024-01-01'</c>). Unknown columns get a "did you mean".
/// </summary>
internal static class ExpressionBinder
{
    public static BoundExpr Bind(Expr expr, Schema schema) => expr switch
    {
        LiteralExpr l => new BoundLiteral(l.Value, l.Value switch { null => ValueKind.Null, double => ValueKind.Number, string => ValueKind.String, _ => ValueKind.Bool }),
        ColumnExpr c => BindColumn(c, schema),
        UnaryExpr u when u.Op == "not" => new BoundUnary("not", Expect(Bind(u.Operand, schema), ValueKind.Bool, u.Operand, "'not'")),
        UnaryExpr u => new BoundUnary("-", Expect(Bind(u.Operand, schema), ValueKind.Number, u.Operand, "'-'")),
        BinaryExpr b when b.Op is "and" or "or" => new BoundLogic(b.Op == "and",
            Expect(Bind(b.Left, schema), ValueKind.Bool, b.Left, $"'{b.Op}'"), Expect(Bind(b.Right, schema), ValueKind.Bool, b.Right, $"'{b.Op}'")),
        BinaryExpr b when b.Op is "||" or "//" or "%" => throw Unsupported(b),
        BinaryExpr b when b.Op is "+" or "-" or "*" or "/" => new BoundArithmetic(b.Op,
            Expect(Bind(b.Left, schema), ValueKind.Number, b.Left, $"'{b.Op}'"), Expect(Bind(b.Right, schema), ValueKind.Number, b.Right, $"'{b.Op}'")),
        BinaryExpr b => BindComparison(b, schema),
        IsNullExpr n => new BoundIsNull(Bind(n.Operand, schema), n.Negated),
        InExpr i => BindIn(i, schema),
        CallExpr c => BindCall(c, schema),
        _ => throw Unsupported(expr),
    };

    /// <summary>Syntax the shared parser reads for derived columns and filters (<c>ScalarExpression</c>)
    /// that rule expressions do not evaluate: refused by name rather than as a vague parse error.</summary>
    private static ExpressionException Unsupported(Expr expr)
    {
        var what = expr switch
        {
            CaseExpr => "'case'",
            CastExpr => "'cast' / '::'",
            BetweenExpr => "'between'",
            LikeExpr l => l.IgnoreCase ? "'ilike'" : "'like'",
            BinaryExpr b => $"'{b.Op}'",
            _ => "this expression",
        };
        return new ExpressionException($"{what} is not supported in rule expressions (rules support comparisons, and/or/not, + - * /, is null, in, and the functions {string.Join(", ", BoundCall.Names)})", expr.Position);
    }

    /// <summary>Binds an expression that must be a condition (true/false).</summary>
    public static BoundExpr BindCondition(Expr expr, Schema schema)
        => Expect(Bind(expr, schema), ValueKind.Bool, expr, "a rule");

    private static BoundExpr BindColumn(ColumnExpr c, Schema schema)
    {
        int index = schema.GetFieldIndex(c.Name);
        if (index < 0)
        {
            var hint = YamlNodes.Suggest(c.Name, schema.FieldsList.Select(f => f.Name));
            throw new ExpressionException($"unknown column '{c.Name}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"), c.Position);
        }
        var type = schema.GetFieldByIndex(index).DataType;
        var kind = ColumnLoader.KindOf(type)
                   ?? throw new ExpressionException($"column '{c.Name}' has type {Results.TypeNames.Describe(type)}, which expressions cannot use", c.Position);
        return new BoundColumn(index, kind);
    }

    private static BoundExpr BindComparison(BinaryExpr b, Schema schema)
    {
        var left = Bind(b.Left, schema);
        var right = Bind(b.Right, schema);
        left = AsTimeIfNeeded(left, right, b.Left);
        right = AsTimeIfNeeded(right, left, b.Right);
        if (left.Kind == ValueKind.Null) left = new BoundLiteral(null, right.Kind);
        if (right.Kind == ValueKind.Null) right = new BoundLiteral(null, left.Kind);
        if (left.Kind != right.Kind)
            throw new ExpressionException($"cannot compare {Name(left.Kind)} with {Name(right.Kind)} using '{b.Op}'", b.Position);
        if (left.Kind == ValueKind.Bool && b.Op is not ("=" or "!="))
            throw new ExpressionException($"true/false values can only be compared with = or !=, not '{b.Op}'", b.Position);
        return new BoundComparison(b.Op, left, right);
    }

    /// <summary>A text constant facing a time is parsed as an ISO date or timestamp (UTC).</summary>
    private static BoundExpr AsTimeIfNeeded(BoundExpr self, BoundExpr other, Expr source)
    {
        if (other.Kind != ValueKind.Time || self is not BoundLiteral { Value: string s }) return self;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw new ExpressionException($"'{s}' is not a date or timestamp (use ISO 8601, e.g. '2024-01-31')", source.Position);
        return new BoundLiteral((t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10, ValueKind.Time);
    }

    private static BoundExpr BindIn(InExpr e, Schema schema)
    {
        var operand = Bind(e.Operand, schema);
        HashSet<double>? numbers = null; HashSet<string>? strings = null; HashSet<long>? times = null; HashSet<bool>? bools = null;
        bool hasNull = false;
        foreach (var item in e.Items)
        {
            if (item.Value is null) { hasNull = true; continue; }
            var bound = AsTimeIfNeeded(Bind(item, schema), operand, item);
            if (bound.Kind != operand.Kind)
                throw new ExpressionException($"'in' list item is {Name(bound.Kind)} but the value is {Name(operand.Kind)}", item.Position);
            var v = ((BoundLiteral)bound).Value!;
            switch (v)
            {
                case double d: (numbers ??= []).Add(d); break;
                case string s: (strings ??= new HashSet<string>(StringComparer.Ordinal)).Add(s); break;
                case long t: (times ??= []).Add(t); break;
                case bool x: (bools ??= []).Add(x); break;
            }
        }
        return new BoundIn(operand, numbers ?? [], strings ?? [], times ?? [], bools ?? [], hasNull, e.Negated);
    }

    private static BoundExpr BindCall(CallExpr c, Schema schema)
    {
        if (!BoundCall.Names.Contains(c.Function))
        {
            var hint = YamlNodes.Suggest(c.Function, BoundCall.Names);
            throw new ExpressionException($"unknown function '{c.Function}'" + (hint is null ? $" (known: {string.Join(", ", BoundCall.Names)})" : $" (did you mean '{hint}'?)"), c.Position);
        }
        if (c.Arguments.Count != 1) throw new ExpressionException($"{c.Function}() takes one argument, got {c.Arguments.Count}", c.Position);
        var arg = Expect(Bind(c.Arguments[0], schema), BoundCall.ArgumentKind(c.Function), c.Arguments[0], $"{c.Function}()");
        return new BoundCall(c.Function, arg);
    }

    private static BoundExpr Expect(BoundExpr e, ValueKind kind, Expr source, string user)
    {
        if (e.Kind == kind) return e;
        if (e.Kind == ValueKind.Null) return new BoundLiteral(null, kind);
        throw new ExpressionException($"{user} needs {Name(kind)}, but this is {Name(e.Kind)}", source.Position);
    }

    public static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a number",
        ValueKind.String => "text",
        ValueKind.Bool => "true/false",
        ValueKind.Time => "a date/timestamp",
        _ => "null",
    };
}
