using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Document.Html;

/// <summary>The headline numbers and the executive summary; and the technical and operational notes.</summary>
internal static class SummarySection
{
    public static string Render(ReportModel m)
    {
        var r = m.Run;
        var html = new HtmlWriter().Raw("<div class=\"cards\">");
        void Card(string value, string label) => html.Raw("<div class=\"card\"><b>").Text(value).Raw("</b><span>").Text(label).Raw("</span></div>");
        Card(Count(r.Rows.Read), "rows read");
        Card(Count(r.Rows.Written), "rows passed");
        Card(Count(r.Rows.Quarantined), "rows quarantined");
        Card(m.Profile.ColumnCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "columns");
        Card($"{r.Rules.Count(x => x.Passed)} / {r.Rules.Count}", "checks passed");
        Card(m.Insights.Count(i => i.Severity == InsightSeverity.High).ToString(System.Globalization.CultureInfo.InvariantCulture), "high-severity findings");
        Card($"{Num(r.DurationSeconds, 2)} s", "run time");
        html.Raw("</div><ol class=\"narrative\">");
        foreach (var sentence in m.Narrative.Executive) html.Element("li", sentence);
        html.Raw("</ol>");
        return html.ToString();
    }

    public static string Notes(ReportModel m)
    {
        var html = new HtmlWriter().Raw("<h3>What to fix</h3><ul class=\"narrative\">");
        foreach (var sentence in m.Narrative.Operational) html.Element("li", sentence);
        html.Raw("</ul><h3>How the data was checked</h3><ul class=\"narrative\">");
        foreach (var sentence in m.Narrative.Technical) html.Element("li", sentence);
        return html.Raw("</ul>").ToString();
    }
}
