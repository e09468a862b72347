namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>-x</c> or <c>not x</c>.</summary>
public sealed record UnaryExpr(string Op, Expr Operand, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand];
}
