using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>length_between: [lo, hi]</c>: the text's length in characters (code points) is within [lo, hi].</summary>
internal sealed class LengthBetweenKind : TextRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.LengthBetween;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);

    /// <inheritdoc />
    protected override Func<string, bool> Passes(Rule rule)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        return v => TextLength.Of(v) is var length && length >= lo && length <= hi;
    }

    /// <inheritdoc />
    protected override IArrayCheck Direct(Rule rule, DateTimeOffset now) => new Utf8LengthCheck(rule.Low ?? 0, rule.High ?? 0);

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"of length {RuleText.Number(rule.Low!.Value)}..{RuleText.Number(rule.High!.Value)}";
}
