using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>positive: true</c>: value &gt; 0.</summary>
internal sealed class PositiveKind : NumberRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Positive;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    protected override Func<double, bool> Passes(Rule rule) => static v => v > 0;

    /// <inheritdoc />
    protected override NumberRangeCheck Range(Rule rule) => new(0, false, double.PositiveInfinity, true);

    /// <inheritdoc />
    protected override string Expected(Rule rule) => "> 0";
}
