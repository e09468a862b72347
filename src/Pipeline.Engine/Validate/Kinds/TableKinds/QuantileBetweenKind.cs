namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>quantile_between: [lo, hi]</c> with <c>quantile: q</c>: the q quantile (exact up to a limit, then from a KLL sketch) is within [lo, hi].</summary>
internal sealed class QuantileBetweenKind : NumberAggregateKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.QuantileBetween;
    /// <inheritdoc />
    public override bool TakesQuantile => true;
    /// <inheritdoc />
    public override bool KeepsValues => true;

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => TableVerdicts.Ranged(facts.State.Quantile(rule.Quantile!.Value), rule, $"quantile {RuleText.Number(rule.Quantile!.Value)}");
}
