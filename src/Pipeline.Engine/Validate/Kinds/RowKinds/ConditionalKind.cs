using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>when: "...", then: "..."</c>: where the <c>when</c> condition holds (the rule's filter), the
/// <c>then</c> condition holds too.</summary>
internal sealed class ConditionalKind : RowRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Conditional;
    /// <inheritdoc />
    public override string YamlKey => "then";
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;
    /// <inheritdoc />
    public override bool NeedsColumn => false;
    /// <inheritdoc />
    public override bool TextIsExpression => true;
    /// <inheritdoc />
    public override string MissingWhen => "'then' needs 'when: \"<condition>\"'";
    /// <inheritdoc />
    public override string FilterName => "when";

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Text = RuleArguments.Expression(y, value, YamlKey) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    public override RowEvaluator Bind(RowBinding binding)
        => new ConditionEvaluator(binding.Rule, binding.Condition(binding.Rule.Text!, $"{binding.Where}: \"{binding.Rule.Text}\""));
}
