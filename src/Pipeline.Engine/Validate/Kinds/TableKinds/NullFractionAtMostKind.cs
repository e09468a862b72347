using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>null_fraction_at_most: 0.05</c>: the null fraction is at most x.</summary>
internal sealed class NullFractionAtMostKind : TableRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.NullFractionAtMost;
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
        return TableVerdicts.Fraction(s.Rows == 0 ? 0 : (double)s.Nulls / s.Rows, f => f <= lo,
            $"null fraction {{0}} is above {RuleText.Number(lo)} ({s.Nulls} nulls of {s.Rows})");
    }
}
