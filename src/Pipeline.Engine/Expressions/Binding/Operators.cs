using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Expressions.Typing;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Expressions.Binding;

/// <summary>Typing of arithmetic, <c>in</c> and casts (DuckDB's rules).</summary>
internal static class Operators
{
    /// <summary>
    /// <c>+ - * / // %</c>: integers stay BIGINT (overflow is an error); <c>/</c> divides as doubles; a double operand
    /// makes a double; otherwise a decimal operand makes a decimal (scale: the larger for <c>+ -</c>, the sum for
    /// <c>*</c>). Dates: <c>date ± integer</c> moves by days, <c>date - date</c> counts days.
    /// </summary>
    public static Node Arithmetic(Binder b, string op, Node l, Node r, BinaryExpr e)
    {
        if (l.Type.Kind == SqlKind.Null && r.Type.Kind == SqlKind.Null) return new ConstantNode(SqlType.Int64, null);
        if (l.Type.Kind == SqlKind.Null) l = b.Coerce(l, r.Type, e.Left, $"'{op}'");
        if (r.Type.Kind == SqlKind.Null) r = b.Coerce(r, l.Type, e.Right, $"'{op}'");
        if (l.Type.Kind == SqlKind.Date || r.Type.Kind == SqlKind.Date) return DateArithmetic(b, op, l, r, e);
        if (!l.Type.IsNumeric) throw new ExpressionException($"'{op}' needs numbers, but this is {l.Type}", e.Left.Position);
        if (!r.Type.IsNumeric) throw new ExpressionException($"'{op}' needs numbers, but this is {r.Type}", e.Right.Position);
        SqlKind kind = op == "/" || l.Type.Kind == SqlKind.Double || r.Type.Kind == SqlKind.Double ? SqlKind.Double
            : l.Type.Kind == SqlKind.Decimal || r.Type.Kind == SqlKind.Decimal ? SqlKind.Decimal : SqlKind.Int64;
        switch (kind)
        {
            case SqlKind.Double:
                return new ArithmeticNode(op, b.Coerce(l, SqlType.Double, e.Left, $"'{op}'"), b.Coerce(r, SqlType.Double, e.Right, $"'{op}'"), kind, SqlType.Double);
            case SqlKind.Int64:
                return new ArithmeticNode(op, l, r, kind, SqlType.Int64);
        }
        var x = TypeRules.AsDecimal(l.Type);
        var y = TypeRules.AsDecimal(r.Type);
        var type = op switch
        {
            "+" or "-" => SqlType.Decimal(Math.Max(x.Precision - x.Scale, y.Precision - y.Scale) + Math.Max(x.Scale, y.Scale) + 1, Math.Max(x.Scale, y.Scale)),
            "*" => SqlType.Decimal(x.Precision + y.Precision, x.Scale + y.Scale),
            _ => TypeRules.WiderDecimal(x, y),
        };
        return new ArithmeticNode(op, b.Coerce(l, x, e.Left, $"'{op}'"), b.Coerce(r, y, e.Right, $"'{op}'"), kind, type);
    }

    private static Node DateArithmetic(Binder b, string op, Node l, Node r, BinaryExpr e)
    {
        bool lDate = l.Type.Kind == SqlKind.Date, rDate = r.Type.Kind == SqlKind.Date;
        if (op == "-" && lDate && rDate)
            return new CallNode(SqlType.Int64, [l, r], (a, c) => VectorOps.Map<long, long, long>(a[0], a[1], SqlType.Int64, static (x, y) => x - y));
        if (op is "+" or "-" && (lDate ? r : l).Type.Kind == SqlKind.Int64 && (op == "+" || lDate))
        {
            long sign = op == "-" ? -1 : 1;
            var (date, days) = lDate ? (l, r) : (r, l);
            return new CallNode(SqlType.Date, [date, days], (a, c) => VectorOps.Map<long, long, long>(a[0], a[1], SqlType.Date, (x, y) =>
            {
                long d = checked(x + sign * y);
                Calendar.ToDate(d);
                return d;
            }));
        }
        throw new ExpressionException($"cannot apply '{op}' to {l.Type} and {r.Type} (dates take '+'/'-' with a whole number of days, or '-' with a date)", e.Position);
    }

    /// <summary><c>x [not] in (constants)</c>: the operand and the items meet in one type, the items are a hash set.</summary>
    public static Node In(Binder b, Node operand, InExpr e)
    {
        var type = operand.Type;
        var items = new List<Node>();
        bool hasNull = false;
        foreach (var item in e.Items)
        {
            var bound = b.Bind(item);
            if (bound is ConstantNode { Value: null }) { hasNull = true; continue; }
            if (bound is ConstantNode { Type.Kind: SqlKind.String } && type.Kind is not (SqlKind.String or SqlKind.Null))
                bound = b.Coerce(bound, type, item, "'in'");
            type = TypeRules.Common(type, bound.Type) ?? throw new ExpressionException($"'in' list item is {bound.Type} but the value is {operand.Type}", item.Position);
            items.Add(bound);
        }
        if (type.Kind == SqlKind.Null) type = SqlType.Boolean;
        operand = b.Coerce(operand, type, e.Operand, "'in'");
        var values = items.Select((n, i) => ((ConstantNode)b.Coerce(n, type, e.Items[i], "'in'")).Value!).ToList();
        return type.Kind switch
        {
            SqlKind.Double => new InNode<double>(operand, [.. values.Cast<double>()], hasNull, e.Negated),
            SqlKind.Decimal => new InNode<decimal>(operand, [.. values.Cast<decimal>()], hasNull, e.Negated),
            SqlKind.String => new InNode<string>(operand, new HashSet<string>(values.Cast<string>(), StringComparer.Ordinal), hasNull, e.Negated),
            SqlKind.Boolean => new InNode<bool>(operand, [.. values.Cast<bool>()], hasNull, e.Negated),
            _ => new InNode<long>(operand, [.. values.Cast<long>()], hasNull, e.Negated),
        };
    }

    private static readonly Dictionary<string, (SqlType Type, (long, long)? Range)> Types = new()
    {
        ["bigint"] = (SqlType.Int64, null), ["int8"] = (SqlType.Int64, null), ["long"] = (SqlType.Int64, null), ["int64"] = (SqlType.Int64, null),
        ["integer"] = (SqlType.Int64, (int.MinValue, int.MaxValue)), ["int"] = (SqlType.Int64, (int.MinValue, int.MaxValue)),
        ["int4"] = (SqlType.Int64, (int.MinValue, int.MaxValue)), ["int32"] = (SqlType.Int64, (int.MinValue, int.MaxValue)),
        ["smallint"] = (SqlType.Int64, (short.MinValue, short.MaxValue)), ["int2"] = (SqlType.Int64, (short.MinValue, short.MaxValue)),
        ["tinyint"] = (SqlType.Int64, (sbyte.MinValue, sbyte.MaxValue)), ["int1"] = (SqlType.Int64, (sbyte.MinValue, sbyte.MaxValue)),
        ["double"] = (SqlType.Double, null), ["float8"] = (SqlType.Double, null),
        ["float"] = (SqlType.Double, null), ["float4"] = (SqlType.Double, null), ["real"] = (SqlType.Double, null),
        ["varchar"] = (SqlType.String, null), ["text"] = (SqlType.String, null), ["string"] = (SqlType.String, null), ["char"] = (SqlType.String, null),
        ["boolean"] = (SqlType.Boolean, null), ["bool"] = (SqlType.Boolean, null),
        ["date"] = (SqlType.Date, null),
        ["timestamp"] = (SqlType.Timestamp, null), ["datetime"] = (SqlType.Timestamp, null),
        ["timestamptz"] = (SqlType.Timestamp with { TimeZone = "UTC" }, null),
        ["decimal"] = (SqlType.Decimal(18, 3), null), ["numeric"] = (SqlType.Decimal(18, 3), null),
    };

    /// <summary>An explicit cast to a named type (<c>integer</c> and narrower stay BIGINT, range-checked; <c>float</c>
    /// and <c>real</c> round to single precision but stay DOUBLE).</summary>
    public static Node Cast(Binder b, Node operand, TypeName name)
    {
        if (!Types.TryGetValue(name.Name, out var target))
        {
            var hint = YamlNodes.Suggest(name.Name, Types.Keys);
            throw new ExpressionException($"unknown type '{name.Name}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"), name.Position);
        }
        var type = target.Type;
        if (type.Kind == SqlKind.Decimal && name.Precision is { } p)
        {
            int s = name.Scale ?? 0;
            if (p is < 1 or > SqlType.MaxDecimalPrecision || s > p || s > SqlType.MaxDecimalScale)
                throw new ExpressionException($"decimal({p},{s}) is not a valid decimal type (precision 1 to 38, scale 0 to precision, at most 28)", name.Position);
            type = SqlType.Decimal(p, s);
        }
        if (!Casts.Exists(operand.Type, type)) throw new ExpressionException($"cannot cast {operand.Type} to {type}", name.Position);
        Node cast = new CastNode(operand, type, target.Range);
        if (name.Name is "float" or "float4" or "real")
            cast = new CallNode(SqlType.Double, [cast], static (a, c) => VectorOps.Map<double, double>(a[0], SqlType.Double, static d => (float)d));
        return cast;
    }
}
