using Apache.Arrow;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary>A rule on the input's list of columns against a wanted list (<c>columns_match_set</c>, ...). The columns
/// are only named, not read, so they do not count for the columns' quality.</summary>
internal abstract class ColumnListKind : SchemaRuleKind
{
    /// <inheritdoc />
    public override bool NeedsColumn => false;
    /// <inheritdoc />
    public override bool ReadsKeyColumns => false;

    /// <summary>Whether missing columns are reported (a rule on extra columns alone does not care).</summary>
    protected virtual bool ReportsMissing => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.ColumnList(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.List(rule.Columns!);

    /// <summary>Whether the actual columns pass, given the wanted ones and the differences both ways.</summary>
    protected abstract bool Passes(IReadOnlyList<string> actual, IReadOnlyList<string> wanted, int missing, int extra);

    /// <inheritdoc />
    public override (bool Passed, string? Message) Check(Rule rule, Schema? schema)
    {
        var actual = schema?.FieldsList.Select(f => f.Name).ToList() ?? [];
        var wanted = rule.Columns!;
        var missing = wanted.Where(c => !actual.Contains(c)).ToList();
        var extra = actual.Where(c => !wanted.Contains(c)).ToList();
        bool passed = Passes(actual, wanted, missing.Count, extra.Count);
        var parts = new List<string>();
        if (ReportsMissing && missing.Count > 0) parts.Add($"missing [{string.Join(", ", missing)}]");
        if (extra.Count > 0) parts.Add($"unexpected [{string.Join(", ", extra)}]");
        if (parts.Count == 0 && !passed) parts.Add($"order is [{string.Join(", ", actual)}], expected [{string.Join(", ", wanted)}]");
        return (passed, passed ? null : string.Join("; ", parts));
    }
}
