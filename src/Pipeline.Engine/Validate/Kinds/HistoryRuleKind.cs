using Pipeline.Engine.Learn.History;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>
/// A kind judged against the run history once the run has been compared with its earlier runs (the learn stage's
/// part). Without a history the rule fails and says why; with too little history to judge it passes and says so.
/// </summary>
internal abstract class HistoryRuleKind : RuleKindDefinition
{
    /// <inheritdoc />
    public sealed override RuleScope Scope => RuleScope.History;

    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;

    /// <summary>Judges the rule: whether it passed, the observed value, and the message.</summary>
    public abstract (bool Passed, double? Observed, string? Message) Check(Rule rule, HistoryComparison history);
}
