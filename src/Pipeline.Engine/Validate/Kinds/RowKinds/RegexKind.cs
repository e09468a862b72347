using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using Pipeline.Kernels.Text;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>regex: 'pattern'</c>: the text matches a .NET regular expression (on UTF-8 bytes where it can).</summary>
internal sealed class RegexKind : TextRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Regex;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Text = RuleArguments.Pattern(y, value, YamlKey) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    protected override Func<string, bool> Passes(Rule rule)
    {
        var regex = GuardedRegex.Create(rule.Text!);
        return v => regex.IsMatch(v);
    }

    /// <inheritdoc />
    protected override IArrayCheck Direct(Rule rule, DateTimeOffset now) => new Utf8RegexCheck(new Utf8Regex(rule.Text!));

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"matching /{rule.Text}/";
}
