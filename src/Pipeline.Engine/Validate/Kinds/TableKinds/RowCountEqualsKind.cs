using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>row_count_equals: other.parquet</c>: the row count equals another table's, counted before the run.</summary>
internal sealed class RowCountEqualsKind : TableRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.RowCountEquals;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;
    /// <inheritdoc />
    public override bool NeedsColumn => false;
    /// <inheritdoc />
    public override bool NeedsReferenceRowCount => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Reference = RuleArguments.Reference(y, value, YamlKey, needsColumn: false) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleArguments.WriteReference(rule.Reference!);

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts)
    {
        long rows = facts.State.Rows;
        return new(rows == facts.ReferenceRows, rows, $"row count {rows} differs from {facts.ReferenceRows} in {rule.Reference}");
    }
}
