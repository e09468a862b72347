using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.TableKinds;

/// <summary><c>unique: true</c>: no value of the column occurs twice (nulls ignored).</summary>
internal sealed class UniqueKind : KeyCountingKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.Unique;
    /// <inheritdoc />
    public override bool FailsRows => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    public override TableVerdict Judge(Rule rule, TableFacts facts) => new(facts.Duplicates == 0, facts.Duplicates, $"{facts.Duplicates} duplicate values");
}
