namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>A function call <c>name(a, b, ...)</c>; <c>extract(part from x)</c> arrives as
/// <c>date_part('part', x)</c>. The name is lower case.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Deepest(Arguments) + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => Arguments;
}
