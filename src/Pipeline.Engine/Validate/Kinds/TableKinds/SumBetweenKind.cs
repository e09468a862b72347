namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>sum_between: [lo, hi]</c>: the sum is within [lo, hi].</summary>
internal sealed class SumBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.SumBetween;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.NumericCount == 0 ? null : facts.State.Sum, rule, "sum");
}
