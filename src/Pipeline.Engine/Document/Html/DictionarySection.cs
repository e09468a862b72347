using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>The data dictionary as a table (the same content as <c>dictionary.md</c>).</summary>
internal static class DictionarySection
{
    public static string Render(ReportModel m) => new HtmlWriter()
        .Raw("<p class=\"note\">Descriptions come from the spec's <code>columns: {name: {description: ...}}</code>.</p>")
        .Table(["column", "type", "semantic type", "description", "examples", "null %", "distinct", "rules", "PII"],
            m.Dictionary.Select(e => (IReadOnlyList<string>)
            [
                e.Column, e.Type, e.SemanticType, e.Description ?? "(no description)",
                string.Join(", ", e.Examples.Select(x => Svg.SvgCanvas.Clip(x, 30))),
                e.NullPct is { } p ? Pct(p) : "", Count(e.Distinct), string.Join(", ", e.Rules),
                e.Pii is null ? "" : HtmlWriter.Markup($"<span class=\"badge medium\">{e.Pii}</span>"),
            ]), 500).ToString();
}
