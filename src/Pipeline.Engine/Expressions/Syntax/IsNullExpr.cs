namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>x is null</c> / <c>x is not null</c>.</summary>
public sealed record IsNullExpr(Expr Operand, bool Negated, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand];
}
