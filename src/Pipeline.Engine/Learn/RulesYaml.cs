using System.Globalization;
using System.Text;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Learn;

/// <summary>Writes rules as the YAML <see cref="Validate.Parsing.RulesReader"/> reads: one flow mapping per rule,
/// text single-quoted, numbers invariant, each with a comment saying why it was suggested.</summary>
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
            sb.Append("  - {name: ").Append(Q(rule.Name));
            if (rule.Column is not null) sb.Append(", column: ").Append(Q(rule.Column));
            if (rule.Severity == RuleSeverity.Warn) sb.Append(", severity: warn");
            sb.Append(", ").Append(rule.Kind.YamlName()).Append(": ").Append(Value(rule)).Append("}\n");
        }
        return sb.ToString();
    }

    private static string Value(Rule r) => r.Kind switch
    {
        RuleKind.Between or RuleKind.LengthBetween or RuleKind.UniqueRatioBetween or RuleKind.RowCountBetween
            or RuleKind.MinBetween or RuleKind.MaxBetween or RuleKind.MeanBetween => $"[{N(r.Low!.Value)}, {N(r.High!.Value)}]",
        RuleKind.InSet or RuleKind.NotInSet => "[" + string.Join(", ", r.Values!.Select(Q)) + "]",
        RuleKind.Shape or RuleKind.Format or RuleKind.Regex => Q(r.Text!),
        RuleKind.GreaterThan or RuleKind.GreaterOrEqual or RuleKind.LessThan or RuleKind.LessOrEqual => N(r.Low!.Value),
        _ => "true",
    };

    private static string N(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Single-quoted YAML scalar (quotes doubled), so any text stays text.</summary>
    private static string Q(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
