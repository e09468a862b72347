using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>
/// A row rule bound to a schema by its kind (<see cref="Kinds.RowRuleKind.Bind"/>): marks a batch's failing rows and
/// explains one. <see cref="RowCheck"/> wraps it with the rule's filter. Immutable and thread-safe.
/// </summary>
internal abstract class RowEvaluator(Rule rule)
{
    /// <summary>The bound rule.</summary>
    public Rule Rule { get; } = rule;

    /// <summary>The check on the Arrow array itself, when the kind and array type have one (null otherwise).</summary>
    public virtual IArrayCheck? Direct => null;

    /// <summary>Marks failing rows in <paramref name="fails"/> (its length is the batch's) and returns how many
    /// failed; rows <paramref name="filter"/> does not select (false or null) never fail.</summary>
    public abstract int Evaluate(BatchColumns columns, ConditionMask? filter, Span<bool> fails);

    /// <summary>Why row <paramref name="row"/> failed, naming the value.</summary>
    public abstract string Reason(BatchColumns columns, int row);

    /// <summary>The checked value of a row as text (null when the rule checks several columns).</summary>
    public abstract string? Value(BatchColumns columns, int row);
}
