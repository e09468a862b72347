using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>shape: email</c>: the text has a known shape (<see cref="Shapes.Names"/>).</summary>
internal sealed class ShapeKind : TextRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Shape;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value)
    {
        var shape = y.Scalar(value, YamlKey);
        if (!Shapes.Names.Contains(shape))
            throw y.Error(value, $"unknown shape '{shape}'" + (YamlNodes.Suggest(shape, Shapes.Names) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", Shapes.Names)})"));
        return rule with { Text = shape };
    }

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    protected override Func<string, bool> Passes(Rule rule) => Shapes.For(rule.Text!);

    /// <inheritdoc />
    protected override IArrayCheck? Direct(Rule rule, DateTimeOffset now) => Shapes.Pattern(rule.Text!) is { } pattern ? new Utf8RegexCheck(pattern) : null;

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"shaped like {(rule.Text == "ip" ? "an" : "a")} {rule.Text}";
}
