using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>primary_key: [a, b]</c>: the key columns are never null and their combination never occurs twice.</summary>
internal sealed class PrimaryKeyKind : KeyCountingKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.PrimaryKey;
    /// <inheritdoc />
    public override bool FailsRows => true;
    /// <inheritdoc />
    public override bool NeedsColumn => false;
    /// <inheritdoc />
    public override string ColumnRefusalHint => " (its value is the list of key columns)";

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.ColumnList(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.List(rule.Columns!);

    /// <summary>Rows with a null key column count as failures beside the duplicates.</summary>
    public override TableVerdict Judge(Rule rule, TableFacts facts) => new(facts.Duplicates == 0 && facts.State.Nulls == 0,
        facts.Duplicates + facts.State.Nulls, $"{facts.Duplicates} duplicate keys, {facts.State.Nulls} rows with a null key column");
}
