using Apache.Arrow;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary><c>column_exists: true</c>: the column exists.</summary>
internal sealed class ColumnExistsKind : SchemaRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ColumnExists;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    public override (bool Passed, string? Message) Check(Rule rule, Schema? schema)
    {
        var field = schema?.GetFieldByName(rule.Column!);
        return field is not null ? (true, null) : (false, $"column '{rule.Column}' does not exist");
    }
}
