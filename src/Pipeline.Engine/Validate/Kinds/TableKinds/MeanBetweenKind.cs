namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>mean_between: [lo, hi]</c>: the mean is within [lo, hi].</summary>
internal sealed class MeanBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.MeanBetween;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.NumericCount == 0 ? null : facts.State.Sum / facts.State.NumericCount, rule, "mean");
}
