namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>A constant: a number (a double in <see cref="Value"/>), a string, true/false, or null (<see cref="Value"/>
/// is null). <see cref="NumberText"/> keeps a number's spelling, so typed binders can tell <c>2</c> (an integer) from
/// <c>2.0</c> (a decimal) and <c>2e0</c> (a double), as SQL does.</summary>
public sealed record LiteralExpr(object? Value, int Position) : Expr(Position)
{
    /// <summary>The number as written (with a leading '-' when negated), or null for other constants.</summary>
    public string? NumberText { get; init; }

    /// <inheritdoc />
    public override int Depth => 1;
}
