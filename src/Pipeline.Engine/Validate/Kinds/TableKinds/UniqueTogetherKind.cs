using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>unique_together: [a, b]</c>: no combination of the key columns occurs twice (rows with a null key
/// column are skipped).</summary>
internal sealed class UniqueTogetherKind : KeyCountingKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.UniqueTogether;
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

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => new(facts.Duplicates == 0, facts.Duplicates, $"{facts.Duplicates} duplicate keys");
}
