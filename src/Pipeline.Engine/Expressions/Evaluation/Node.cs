using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>A bound, type-checked expression node that evaluates a whole batch at once.</summary>
/// <param name="type">The result type.</param>
/// <param name="inputs">The nodes it evaluates: a node none of whose inputs reads a column is a constant, which the
/// binder evaluates once.</param>
internal abstract class Node(SqlType type, params IEnumerable<Node> inputs)
{
    public SqlType Type { get; } = type;

    /// <summary>Whether the value depends on the batch (a column somewhere below).</summary>
    public virtual bool ReadsColumns { get; } = inputs.Any(i => i.ReadsColumns);

    public abstract Vector Evaluate(EvalContext context);
}
