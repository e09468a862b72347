using System.Globalization;

namespace Pipeline.Engine.Document.Html;

/// <summary>The ranked insights: severity, score, title, columns, evidence and the suggested action.</summary>
internal static class InsightsSection
{
    public static string Render(ReportModel m)
    {
        if (m.Insights.Count == 0) return "<p>No findings.</p>";
        return new HtmlWriter().Table(["#", "severity", "score", "finding", "columns", "evidence", "action"],
            m.Insights.Select((i, n) => (IReadOnlyList<string>)
            [
                (n + 1).ToString(CultureInfo.InvariantCulture),
                HtmlWriter.Markup($"<span class=\"badge {i.Severity}\">{i.Severity}</span>"),
                i.Score.ToString("0", CultureInfo.InvariantCulture),
                i.Title,
                string.Join(", ", i.Columns),
                EvidenceText.Of(i.Evidence),
                i.Action,
            ])).ToString();
    }
}
