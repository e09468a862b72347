using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Dictionary;

/// <summary>Builds the data dictionary from the profile, the spec's column descriptions and the rules, and writes it
/// as <c>dictionary.md</c>.</summary>
public static class DataDictionary
{
    /// <summary>File name in the run folder.</summary>
    public const string FileName = "dictionary.md";

    /// <summary>Semantic types that mark personal data.</summary>
    private static readonly string[] PiiTypes = ["email", "phone"];

    /// <summary>One entry per profiled column, in schema order. A rule applies to a column when it names it, or when
    /// its expression or filter (<paramref name="ruleTexts"/>: rule name to text) mentions it.</summary>
    public static IReadOnlyList<DictionaryEntry> Build(ProfileReport profile, IReadOnlyDictionary<string, string>? descriptions, IReadOnlyList<RuleResult> rules,
        IReadOnlyDictionary<string, string>? ruleTexts = null)
        => profile.Columns.Select(c => new DictionaryEntry(
            c.Name, c.Type, c.SemanticType, descriptions?.GetValueOrDefault(c.Name),
            c.TopValues.Take(3).Select(v => v.Value).ToList(), c.NullPct, c.DistinctCount,
            rules.Where(r => r.Column == c.Name || (ruleTexts?.GetValueOrDefault(r.Name) is { } text && Mentions(text, c.Name)))
                .Select(r => r.Name).ToList(),
            PiiTypes.Contains(c.SemanticType) ? c.SemanticType : null)).ToList();

    /// <summary>The dictionary as Markdown: a table, one row per column.</summary>
    public static string Markdown(string title, IReadOnlyList<DictionaryEntry> entries)
    {
        var md = new StringBuilder();
        md.Append("# Data dictionary: ").Append(title).Append("\n\n");
        md.Append("Descriptions come from the spec's `columns: {name: {description: ...}}`; fill the ones marked _(no description)_.\n\n");
        md.Append("| column | type | semantic type | description | examples | null % | distinct | rules | PII |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var e in entries)
        {
            md.Append("| ").Append(Cell(e.Column)).Append(" | ").Append(Cell(e.Type)).Append(" | ").Append(Cell(e.SemanticType))
              .Append(" | ").Append(e.Description is null ? "_(no description)_" : Cell(e.Description))
              .Append(" | ").Append(Cell(string.Join(", ", e.Examples.Select(x => SvgClip(x)))))
              .Append(" | ").Append(e.NullPct is { } p ? Pct(p) : "")
              .Append(" | ").Append(Count(e.Distinct))
              .Append(" | ").Append(Cell(string.Join(", ", e.Rules)))
              .Append(" | ").Append(e.Pii ?? "").Append(" |\n");
        }
        return md.ToString();
    }

    private static string SvgClip(string value) => Svg.SvgCanvas.Clip(value, 40);

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("\r", " ");

    private static bool Mentions(string text, string column) => Regex.IsMatch(text, $@"(?<![\w]){Regex.Escape(column)}(?![\w])");
}
