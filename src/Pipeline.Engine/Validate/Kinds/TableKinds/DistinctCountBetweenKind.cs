using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>distinct_count_between: [lo, hi]</c>: the number of distinct non-null values is within [lo, hi].</summary>
internal sealed class DistinctCountBetweenKind : KeyCountingKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.DistinctCountBetween;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        long distinct = facts.Distinct;
        return new(distinct >= lo && distinct <= hi, distinct, $"distinct count {distinct} is outside [{RuleText.Number(lo)}, {RuleText.Number(hi)}]");
    }
}
