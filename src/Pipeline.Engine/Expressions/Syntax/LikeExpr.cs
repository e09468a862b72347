namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>x [not] like pattern</c> or <c>ilike</c> (<see cref="IgnoreCase"/>): <c>%</c> is any run of
/// characters, <c>_</c> one character.</summary>
public sealed record LikeExpr(Expr Operand, Expr Pattern, bool Negated, bool IgnoreCase, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Math.Max(Operand.Depth, Pattern.Depth) + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand, Pattern];
}
