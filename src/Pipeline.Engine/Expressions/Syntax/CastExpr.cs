namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>cast(x as type)</c> or <c>x::type</c>.</summary>
public sealed record CastExpr(Expr Operand, TypeName Target, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Operand.Depth + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Operand];
}
