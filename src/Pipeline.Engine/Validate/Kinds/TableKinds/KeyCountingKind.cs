using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary>A kind judged on distinct keys, counted by one shared, memory-bounded counter per rule.</summary>
internal abstract class KeyCountingKind : TableRuleKind
{
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Uniqueness;
    /// <inheritdoc />
    public override bool CountsKeys => true;
    /// <inheritdoc />
    public override string? Lacks(ValueKind? kind) => kind is null ? "columns whose values can be compared" : null;
}
