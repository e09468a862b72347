using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary>An aggregate of a number column within <c>[lo, hi]</c> (<c>min_between</c>, <c>mean_between</c>, ...).</summary>
internal abstract class NumberAggregateKind : TableRuleKind
{
    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);
    /// <inheritdoc />
    public override string? Lacks(ValueKind? kind) => kind != ValueKind.Number ? "a number column" : null;
}
