namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>x in (a, b)</c> / <c>x not in (a, b)</c>; the items are literals.</summary>
public sealed record InExpr(Expr Operand, IReadOnlyList<LiteralExpr> Items, bool Negated, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand, .. Items];
}
