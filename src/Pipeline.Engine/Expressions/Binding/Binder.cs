using System.Globalization;
using Apache.Arrow;
using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Functions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Expressions.Typing;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Expressions.Binding;

/// <summary>
/// Type-checks a parsed expression against a schema and builds its evaluation <see cref="Node"/>s, converting operands
/// to the type they meet in (<see cref="TypeRules"/>). Parts with only constants are evaluated here, once, so a bad
/// constant (<c>cast('x' as int)</c>) is an error with its position before any row is read.
/// </summary>
internal sealed class Binder(Schema schema, string text)
{
    private readonly List<string> _columns = [];

    /// <summary>The columns bound so far, each once, in order of first use.</summary>
    public IReadOnlyList<string> Columns => _columns;

    public Node Bind(Expr expr) => Fold(expr, expr switch
    {
        LiteralExpr l => Literal(l),
        ColumnExpr c => Column(c),
        UnaryExpr { Op: "not" } u => new NotNode(Coerce(Bind(u.Operand), SqlType.Boolean, u.Operand, "'not'")),
        UnaryExpr u => Negate(u),
        BinaryExpr { Op: "and" or "or" } b => new LogicNode(b.Op == "and",
            Coerce(Bind(b.Left), SqlType.Boolean, b.Left, $"'{b.Op}'"), Coerce(Bind(b.Right), SqlType.Boolean, b.Right, $"'{b.Op}'")),
        BinaryExpr { Op: "=" or "!=" or "<" or "<=" or ">" or ">=" } b => Compare(b.Op, Bind(b.Left), Bind(b.Right), b),
        BinaryExpr { Op: "||" } b => StringFunctions.ConcatOperator(
            [ToText(Bind(b.Left), b.Left), ToText(Bind(b.Right), b.Right)]),
        BinaryExpr b => Operators.Arithmetic(this, b.Op, Bind(b.Left), Bind(b.Right), b),
        IsNullExpr n => new IsNullNode(Bind(n.Operand), n.Negated),
        InExpr i => Operators.In(this, Bind(i.Operand), i),
        BetweenExpr be => Between(be),
        LikeExpr l => StringFunctions.Like(this, Bind(l.Operand), Bind(l.Pattern), l),
        CaseExpr c => Case(c),
        CastExpr c => Operators.Cast(this, Bind(c.Operand), c.Target),
        CallExpr c => FunctionCatalog.Bind(this, c),
        _ => throw new ExpressionException("unsupported expression", expr.Position),
    });

    /// <summary>A node evaluated once when it reads no column.</summary>
    private Node Fold(Expr source, Node node)
    {
        if (node is ConstantNode || node.ReadsColumns) return node;
        try
        {
            var v = node.Evaluate(new EvalContext(null, 1, text));
            return new ConstantNode(node.Type, VectorOps.Get(v, 0));
        }
        catch (InvalidOperationException e)
        {
            throw new ExpressionException(e.Message, source.Position);
        }
    }

    private Node Literal(LiteralExpr l)
    {
        switch (l.Value)
        {
            case null: return new ConstantNode(SqlType.Null, null);
            case bool b: return new ConstantNode(SqlType.Boolean, b);
            case string s: return new ConstantNode(SqlType.String, s);
        }
        var spelled = l.NumberText ?? ((double)l.Value).ToString("R", CultureInfo.InvariantCulture);
        bool exponent = spelled.Contains('e', StringComparison.OrdinalIgnoreCase);
        if (!exponent && !spelled.Contains('.') && long.TryParse(spelled, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return new ConstantNode(SqlType.Int64, n);
        if (!exponent && decimal.TryParse(spelled, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
        {
            // As DuckDB types 1.50: DECIMAL(3,2), its digits as written.
            int scale = spelled.Contains('.') ? spelled.Length - spelled.IndexOf('.') - 1 : 0;
            int digits = spelled.Count(char.IsAsciiDigit);
            if (digits <= 28) return new ConstantNode(SqlType.Decimal(Math.Max(digits, 1), scale), d);
        }
        return new ConstantNode(SqlType.Double, (double)l.Value);
    }

    private Node Column(ColumnExpr c)
    {
        int index = schema.GetFieldIndex(c.Name);
        if (index < 0)
        {
            var hint = YamlNodes.Suggest(c.Name, schema.FieldsList.Select(f => f.Name));
            throw new ExpressionException($"unknown column '{c.Name}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"), c.Position);
        }
        var field = schema.GetFieldByIndex(index);
        var type = ColumnReader.TypeOf(field.DataType)
                   ?? throw new ExpressionException($"column '{c.Name}' has type {field.DataType.Name}, which expressions cannot use", c.Position);
        if (!_columns.Contains(field.Name)) _columns.Add(field.Name);
        return new ColumnNode(index, type);
    }

    private Node Negate(UnaryExpr u)
    {
        var operand = Bind(u.Operand);
        if (operand.Type.Kind == SqlKind.Null) return operand;
        if (!operand.Type.IsNumeric) throw new ExpressionException($"'-' needs a number, but this is {operand.Type}", u.Operand.Position);
        return new NegateNode(operand);
    }

    /// <summary>A comparison after converting both sides to the type they meet in; a text constant facing another
    /// type is read as that type (<c>day &gt;= '2024-01-01'</c>), as DuckDB does.</summary>
    public Node Compare(string op, Node left, Node right, Expr source)
    {
        var (l, r, _) = Unify(left, right, source, $"'{op}'");
        return new ComparisonNode(op, l, r);
    }

    /// <summary>Both sides converted to their common type, or an error naming <paramref name="what"/>.</summary>
    public (Node Left, Node Right, SqlType Type) Unify(Node left, Node right, Expr source, string what)
    {
        if (left is ConstantNode { Type.Kind: SqlKind.String } && right.Type.Kind is not (SqlKind.String or SqlKind.Null))
            left = Coerce(left, right.Type, source, what);
        if (right is ConstantNode { Type.Kind: SqlKind.String } && left.Type.Kind is not (SqlKind.String or SqlKind.Null))
            right = Coerce(right, left.Type, source, what);
        var common = TypeRules.Common(left.Type, right.Type)
                     ?? throw new ExpressionException($"cannot combine {left.Type} with {right.Type} in {what}", source.Position);
        return (Coerce(left, common, source, what), Coerce(right, common, source, what), common);
    }

    /// <summary><paramref name="node"/> as <paramref name="type"/>: unchanged, converted implicitly, or an error.</summary>
    public Node Coerce(Node node, SqlType type, Expr source, string user)
    {
        if (node.Type == type) return node;
        bool implicitOk = node.Type.Kind == SqlKind.Null
                          || (node is ConstantNode { Type.Kind: SqlKind.String } && Casts.Exists(node.Type, type))
                          || TypeRules.Common(node.Type, type) == type
                          || (node.Type.Kind == type.Kind && type.Kind is SqlKind.Decimal or SqlKind.Timestamp);
        if (!implicitOk) throw new ExpressionException($"{user} needs {type}, but this is {node.Type}", source.Position);
        return Fold(source, new CastNode(node, type));
    }

    /// <summary>Any value as text (for <c>||</c> and <c>concat</c>, which accept every type).</summary>
    public Node ToText(Node node, Expr source)
        => node.Type.Kind == SqlKind.String ? node : Fold(source, new CastNode(node, SqlType.String));

    private Node Between(BetweenExpr b)
    {
        var operand = Bind(b.Operand);
        var low = Compare(">=", operand, Bind(b.Low), b);
        var high = Compare("<=", operand, Bind(b.High), b);
        Node both = new LogicNode(true, low, high);
        return b.Negated ? new NotNode(both) : both;
    }

    private Node Case(CaseExpr c)
    {
        var operand = c.Operand is null ? null : Bind(c.Operand);
        var conditions = new List<Node>();
        var values = new List<Node>();
        foreach (var w in c.Whens)
        {
            var when = Bind(w.When);
            conditions.Add(operand is null ? Coerce(when, SqlType.Boolean, w.When, "'when'") : Compare("=", operand, when, w.When));
            values.Add(Bind(w.Then));
        }
        var otherwise = c.Else is null ? null : Bind(c.Else);
        var type = SqlType.Null;
        foreach (var (v, e) in values.Zip(c.Whens.Select(w => w.Then)).Append((otherwise!, c.Else!)))
        {
            if (v is null) continue;
            type = TypeRules.Common(type, v.Type) ?? throw new ExpressionException($"'case' branches mix {type} and {v.Type}", e.Position);
        }
        for (int i = 0; i < values.Count; i++) values[i] = Coerce(values[i], type, c.Whens[i].Then, "'case'");
        if (otherwise is not null) otherwise = Coerce(otherwise, type, c.Else!, "'case'");
        return new CaseNode(conditions, values, otherwise, type);
    }
}
