namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>Arithmetic (<c>+ - * / // %</c>), concatenation (<c>||</c>), comparison (<c>= != &lt; &lt;= &gt; &gt;=</c>)
/// or logic (<c>and</c>, <c>or</c>).</summary>
public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Math.Max(Left.Depth, Right.Depth) + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children => [Left, Right];
}
