using System.Globalization;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>The rules table (pass / fail) and the quarantine summary.</summary>
internal static class ChecksSection
{
    public static string Render(ReportModel m)
    {
        var html = new HtmlWriter();
        if (m.Run.Rules.Count == 0) html.Raw("<p>No rules were checked.</p>");
        else
            html.Table(["rule", "kind", "column", "severity", "result", "failed rows", "observed", "failing examples", "message"],
                m.Run.Rules.Select(r => (IReadOnlyList<string>)
                [
                    r.Name, r.Kind, r.Column ?? "", r.Severity,
                    HtmlWriter.Markup(r.Passed ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">fail</span>"),
                    Count(r.FailedRows), r.Observed is { } o ? Num(o) : "", Examples(r), r.Message ?? "",
                ]));
        var q = m.Run.Quarantine;
        html.Raw("<h3>Quarantine</h3>");
        if (q.Rows == 0) return html.Raw("<p>No row was quarantined.</p>").ToString();
        html.Raw("<p>").Text($"{Count(q.Rows, "row")} quarantined" + (q.File is null ? "." : $", kept with their reasons in {Path.GetFileName(q.File)}.")).Raw("</p>");
        html.Table(["stage", "rows"], q.ByStage.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)[kv.Key, Count(kv.Value)]));
        html.Table(["first reasons"], q.Examples.Select(e => (IReadOnlyList<string>)[e]), 10);
        return html.ToString();
    }

    internal static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The failing values beside their rule (row numbers in parentheses), so a reader sees what failed.</summary>
    private static string Examples(RuleResult rule) => string.Join(", ", rule.Examples.Take(3).Select(e =>
        (e.Value is null ? "null" : e.Value.Length > 40 ? e.Value[..37] + "..." : e.Value) + (e.Row is { } row ? $" (row {Count(row)})" : "")));
}
