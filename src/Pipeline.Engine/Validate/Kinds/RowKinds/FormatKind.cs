using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>format: '%Y-%m-%d'</c>: the text parses with a strftime-style format.</summary>
internal sealed class FormatKind : TextRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Format;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value)
    {
        var format = y.Scalar(value, YamlKey);
        try { _ = StrftimeFormat.ToDotNet(format); }
        catch (FormatException ex) { throw y.Error(value, ex.Message); }
        return rule with { Text = format };
    }

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    protected override Func<string, bool> Passes(Rule rule)
    {
        var format = StrftimeFormat.ToDotNet(rule.Text!);
        return v => StrftimeFormat.Matches(v, format);
    }

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"in format '{rule.Text}'";
}
