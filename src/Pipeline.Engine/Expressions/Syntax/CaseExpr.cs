namespace Pipeline.Engine.Expressions.Syntax;

/// <summary><c>case [operand] when a then x ... [else y] end</c>. With an <see cref="Operand"/> each
/// <see cref="CaseWhen.When"/> is a value compared with it; without, each is a condition.</summary>
public sealed record CaseExpr(Expr? Operand, IReadOnlyList<CaseWhen> Whens, Expr? Else, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth { get; } = Math.Max(Deepest([Operand, Else]), Deepest(Whens.SelectMany(w => new[] { w.When, w.Then }))) + 1;

    /// <inheritdoc />
    public override IEnumerable<Expr> Children
        => new[] { Operand }.Concat(Whens.SelectMany(w => new Expr?[] { w.When, w.Then })).Append(Else).OfType<Expr>();
}
