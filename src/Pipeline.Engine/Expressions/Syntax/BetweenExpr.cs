namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>x [not] between low and high</c> (both ends included).</summary>
public sealed record BetweenExpr(Expr Operand, Expr Low, Expr High, bool Negated, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Math.Max(Operand.Depth, Math.Max(Low.Depth, High.Depth)) + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand, Low, High];
}
