using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>expression: "shipped_at &gt;= ordered_at"</c>: a boolean expression over columns holds (null passes).</summary>
internal sealed class ExpressionKind : RowRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Expression;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;
    /// <inheritdoc />
    public override bool NeedsColumn => false;
    /// <inheritdoc />
    public override bool TextIsExpression => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Text = RuleArguments.Expression(y, value, YamlKey) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    public override RowEvaluator Bind(RowBinding binding)
        => new ConditionEvaluator(binding.Rule, binding.Condition(binding.Rule.Text!, $"{binding.Where}: \"{binding.Rule.Text}\""));
}
