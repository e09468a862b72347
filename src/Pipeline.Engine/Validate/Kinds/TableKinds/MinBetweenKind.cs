namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>min_between: [lo, hi]</c>: the minimum is within [lo, hi].</summary>
internal sealed class MinBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.MinBetween;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.NumericCount == 0 ? null : facts.State.Min, rule, "min");
}
