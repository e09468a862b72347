using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>less_than: x</c>: value &lt; x.</summary>
internal sealed class LessThanKind : NumberRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.LessThan;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Bound(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Number(rule.Low!.Value);

    /// <inheritdoc />
    protected override Func<double, bool> Passes(Rule rule)
    {
        double lo = rule.Low ?? 0;
        return v => v < lo;
    }

    /// <inheritdoc />
    protected override NumberRangeCheck Range(Rule rule) => new(double.NegativeInfinity, true, rule.Low ?? 0, false);

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"< {RuleText.Number(rule.Low!.Value)}";
}
