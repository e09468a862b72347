using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>completeness_at_least: 0.95</c>: the non-null fraction is at least x.</summary>
internal sealed class CompletenessAtLeastKind : TableRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.CompletenessAtLeast;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Completeness;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Fraction(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Number(rule.Low!.Value);

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        var s = facts.State;
        double lo = rule.Low ?? 0;
        return TableVerdicts.Fraction(s.Rows == 0 ? 1 : (double)(s.Rows - s.Nulls) / s.Rows, f => f >= lo,
            $"completeness {{0}} is below {RuleText.Number(lo)} ({s.Nulls} nulls of {s.Rows})");
    }
}
