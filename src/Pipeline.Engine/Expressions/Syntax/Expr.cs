namespace Pipeline.Engine.Expressions.Syntax;

/// <summary>A node of a parsed expression. <see cref="Position"/> is the 1-based character where it starts.</summary>
public abstract record Expr(int Position)
{
    /// <summary>Levels of nodes from this one down to its deepest leaf (1 for a leaf); the parser bounds it, so
    /// binding and evaluating, which recurse, never run out of stack.</summary>
    public abstract int Depth { get; }

    /// <summary>The direct sub-expressions, so walkers (the columns a rule reads) need not know every node kind.</summary>
    public virtual IEnumerable<Expr> Children => [];

    /// <summary>Depth of the deepest of <paramref name="nodes"/> (0 for none).</summary>
    /// <remarks>A call without arguments (<c>pi()</c>) has none: <c>Max</c> alone threw on it (found by fuzzing).</remarks>
    protected static int Deepest(IEnumerable<Expr?> nodes) => nodes.Select(n => n?.Depth ?? 0).DefaultIfEmpty(0).Max();
}
