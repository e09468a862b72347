namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>max_between: [lo, hi]</c>: the maximum is within [lo, hi].</summary>
internal sealed class MaxBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.MaxBetween;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.NumericCount == 0 ? null : facts.State.Max, rule, "max");
}
