namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>A column of the batch.</summary>
public sealed record ColumnExpr(string Name, int Position) : Expr(Position)
{
    /// <inheritdoc />
    public override int Depth => 1;
}
