using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>unique_ratio_between: [lo, hi]</c>: distinct non-null values / non-null rows is within [lo, hi].</summary>
internal sealed class UniqueRatioBetweenKind : KeyCountingKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.UniqueRatioBetween;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        long nonNull = facts.State.Rows - facts.State.Nulls;
        return TableVerdicts.Ranged(nonNull == 0 ? null : Math.Round((double)facts.Distinct / nonNull, 6), rule, "unique ratio");
    }
}
