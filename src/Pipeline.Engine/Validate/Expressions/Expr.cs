namespace Pipeline.Engine.Validate.Expressions;

/// <summary>A node of a parsed expression. <see cref="Position"/> is the 1-based character where it starts.</summary>
public abstract record Expr(int Position)
{
    /// <summary>Levels of nodes from this one down to its deepest leaf (1 for a leaf); the parser bounds it, so
    /// binding and evaluating, which recurse, never run out of stack.</summary>
    public abstract int Depth { get; }
}

/// <summary>A constant: a number, a string, true/false, or null (<see cref="Value"/> is null).</summary>
public sealed record LiteralExpr(object? Value, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth => 1;
}

/// <summary>A column of the batch.</summary>
public sealed record ColumnExpr(string Name, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth => 1;
}

/// <summary><c>-x</c> or <c>not x</c>.</summary>
public sealed record UnaryExpr(string Op, Expr Operand, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;
}

/// <summary>Arithmetic (<c>+ - * /</c>), comparison (<c>= != &lt; &lt;= &gt; &gt;=</c>) or logic (<c>and</c>, <c>or</c>).</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Math.Max(Left.Depth, Right.Depth) + 1;
}

/// <summary><c>x is null</c> / <c>x is not null</c>.</summary>
public sealed record IsNullExpr(Expr Operand, bool Negated, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;
}

/// <summary><c>x in (a, b)</c> / <c>x not in (a, b)</c>; the items are literals.</summary>
public sealed record InExpr(Expr Operand, IReadOnlyList<LiteralExpr> Items, bool Negated, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;
}

/// <summary>A function call: <c>lower upper trim length year month day abs</c>.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = (Arguments.Count == 0 ? 0 : Arguments.Max(a => a.Depth)) + 1;
}
