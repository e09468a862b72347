using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>A column of the batch, read as its <see cref="SqlType"/>.</summary>
internal sealed class ColumnNode(int index, SqlType type) : Node(type)
{
    public override bool ReadsColumns => true;
    public int Index { get; } = index;
    public override Vector Evaluate(EvalContext context) => context.Column(Index);
}

/// <summary>A constant (a literal, or a part of the expression folded at bind time).</summary>
internal sealed class ConstantNode(SqlType type, object? value) : Node(type)
{
    /// <summary>The value in its storage form (long, double, decimal, bool, string), or null.</summary>
    public object? Value { get; } = value;
    public override Vector Evaluate(EvalContext context) => VectorOps.Broadcast(Type, Value, context.Length);
}

/// <summary>A conversion, explicit (<c>cast</c>, <c>::</c>) or implied by the types an operator meets in.</summary>
internal sealed class CastNode(Node operand, SqlType type, (long, long)? range = null) : Node(type, operand)
{
    public Node Operand { get; } = operand;

    /// <summary>For integer targets narrower than BIGINT, the range they accept.</summary>
    public (long, long)? Range { get; } = range;

    public override Vector Evaluate(EvalContext context)
        => Casts.Apply(Operand.Evaluate(context), Type, context.Error, Range);
}

/// <summary>A function over whole vectors; <see cref="Impl"/> gets the arguments evaluated.</summary>
internal sealed class CallNode(SqlType type, IReadOnlyList<Node> arguments, Func<Vector[], EvalContext, Vector> impl) : Node(type, arguments)
{
    public IReadOnlyList<Node> Arguments { get; } = arguments;
    public Func<Vector[], EvalContext, Vector> Impl { get; } = impl;

    public override Vector Evaluate(EvalContext context)
    {
        var args = new Vector[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i].Evaluate(context);
        return Impl(args, context);
    }
}
