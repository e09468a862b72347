using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.HistoryKinds;

/// <summary><c>schema_unchanged: true</c>: no column was added, removed or retyped since the baseline run.</summary>
internal sealed class SchemaUnchangedKind : HistoryRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.SchemaUnchanged;

    /// <inheritdoc />
    public override bool NeedsColumn => false;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);

    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    public override (bool Passed, double? Observed, string? Message) Check(Rule rule, HistoryComparison history)
    {
        if (history.BaselineRecord is null) return (true, null, "no baseline run yet: nothing to compare");
        var changes = history.SchemaChanges.Where(s => s.Change is "added" or "removed" or "retyped").ToList();
        if (changes.Count == 0) return (true, 0, null);
        return (false, changes.Count, "since the baseline run: " + string.Join(", ", changes.Select(c => c.Change == "retyped"
            ? $"{c.Column} retyped {c.Before} -> {c.After}" : $"{c.Column} {c.Change}")));
    }
}
