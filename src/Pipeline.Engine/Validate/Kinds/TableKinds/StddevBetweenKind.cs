namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>stddev_between: [lo, hi]</c>: the sample standard deviation is within [lo, hi].</summary>
internal sealed class StddevBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.StddevBetween;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.StandardDeviation, rule, "standard deviation");
}
