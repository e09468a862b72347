using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>between: [lo, hi]</c>: lo &lt;= value &lt;= hi (strict with <c>exclusive: true</c>).</summary>
internal sealed class BetweenKind : NumberRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Between;
    /// <inheritdoc />
    public override bool TakesExclusive => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);

    /// <inheritdoc />
    protected override Func<double, bool> Passes(Rule rule)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        return rule.Exclusive ? v => v > lo && v < hi : v => v >= lo && v <= hi;
    }

    /// <inheritdoc />
    protected override NumberRangeCheck Range(Rule rule)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        return new NumberRangeCheck(lo, !rule.Exclusive, hi, !rule.Exclusive);
    }

    /// <inheritdoc />
    protected override string Expected(Rule rule) => rule.Exclusive ? $"strictly between {RuleText.Number(rule.Low!.Value)} and {RuleText.Number(rule.High!.Value)}" : $"between {RuleText.Number(rule.Low!.Value)} and {RuleText.Number(rule.High!.Value)}";
}
