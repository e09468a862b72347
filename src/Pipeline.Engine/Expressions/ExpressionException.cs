namespace Pipeline.Engine.Expressions;

/// <summary>A syntax or type error in an expression, with the 1-based character position it refers to.</summary>
public sealed class ExpressionException(string message, int position) : Exception(message)
{
    /// <summary>1-based character position in the expression text.</summary>
    public int Position { get; } = position;
}
