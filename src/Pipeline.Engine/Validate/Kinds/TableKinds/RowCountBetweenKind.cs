using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>row_count_between: [lo, hi]</c>: the row count is within [lo, hi].</summary>
internal sealed class RowCountBetweenKind : TableRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.RowCountBetween;
    /// <inheritdoc />
    public override bool NeedsColumn => false;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Pair(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Pair(rule);

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        long rows = facts.State.Rows;
        return new(rows >= lo && rows <= hi, rows, $"row count {rows} is outside [{RuleText.Number(lo)}, {RuleText.Number(hi)}]");
    }
}
