using System.Text;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Kinds;

namespace Pipeline.Engine.Learn;

/// <summary>Writes rules as the YAML <see cref="Validate.Parsing.RulesReader"/> reads: one flow mapping per rule,
/// text single-quoted, numbers invariant (each kind writes its own argument), each with a comment saying why it was
/// suggested.</summary>
public static class RulesYaml
{
    /// <summary>The YAML document.</summary>
    public static string Write(IReadOnlyList<SuggestedRule> rules, string header)
    {
        var sb = new StringBuilder();
        foreach (var line in header.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        // An empty list must be written as one: a bare "rules:" is a null, which the rules reader refuses.
        sb.Append(rules.Count == 0 ? "rules: []  # nothing to suggest from the data seen\n" : "rules:\n");
        foreach (var (rule, why) in rules)
        {
            sb.Append("  # ").Append(why.Replace('\n', ' ')).Append('\n');
            sb.Append("  - ").Append(Flow(rule)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>One rule as a YAML flow mapping (<c>{name: ..., column: ..., kind: argument}</c>), ready to paste
    /// under <c>rules:</c>.</summary>
    public static string Flow(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var sb = new StringBuilder("{name: ").Append(RuleText.Quote(rule.Name));
        if (rule.Column is not null) sb.Append(", column: ").Append(RuleText.Quote(rule.Column));
        if (rule.Severity == RuleSeverity.Warn) sb.Append(", severity: warn");
        var kind = RuleKindRegistry.Of(rule.Kind);
        sb.Append(", ").Append(kind.YamlKey).Append(": ").Append(kind.WriteArgument(rule));
        WriteKindKeys(sb, kind, rule);
        return sb.Append('}').ToString();
    }

    /// <summary>The other keys a kind takes (<c>when</c>, <c>quantile</c>, <c>tolerance</c>, <c>exclusive</c>), so
    /// every kind reads back as written.</summary>
    private static void WriteKindKeys(StringBuilder sb, RuleKindDefinition kind, Rule rule)
    {
        if (kind.MissingWhen is not null && rule.Filter is not null) sb.Append(", when: ").Append(RuleText.Quote(rule.Filter));
        if (kind.TakesQuantile && rule.Quantile is { } q) sb.Append(", quantile: ").Append(RuleText.Number(q));
        if (kind.TakesTolerance && rule.Tolerance != 0) sb.Append(", tolerance: ").Append(RuleText.Number(rule.Tolerance));
        if (kind.TakesExclusive && rule.Exclusive) sb.Append(", exclusive: true");
    }
}
