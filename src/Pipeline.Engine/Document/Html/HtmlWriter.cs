using System.Text;
using Pipeline.Engine.Document.Svg;

namespace Pipeline.Engine.Document.Html;

/// <summary>A small HTML builder: escaped text, tables with a row cap and a note about what was left out.</summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    public HtmlWriter Raw(string html) { _html.Append(html); return this; }

    public HtmlWriter Text(string text) { _html.Append(SvgCanvas.Escape(text)); return this; }

    public HtmlWriter Element(string tag, string text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null) _html.Append(" class=\"").Append(cssClass).Append('"');
        _html.Append('>').Append(SvgCanvas.Escape(text)).Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlWriter Section(string id, string heading)
    {
        _html.Append("<section id=\"").Append(id).Append("\"><h2>").Append(SvgCanvas.Escape(heading)).Append("</h2>");
        return this;
    }

    public HtmlWriter EndSection() => Raw("</section>\n");

    /// <summary>A table of text cells (escaped) with at most <paramref name="maxRows"/> rows; a note says how many were left out.</summary>
    public HtmlWriter Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int maxRows = 200, string? cssClass = null)
    {
        _html.Append("<table").Append(cssClass is null ? "" : $" class=\"{cssClass}\"").Append("><thead><tr>");
        foreach (var h in header) _html.Append("<th>").Append(SvgCanvas.Escape(h)).Append("</th>");
        _html.Append("</tr></thead><tbody>");
        int count = 0, total = 0;
        foreach (var row in rows)
        {
            total++;
            if (count == maxRows) continue;
            count++;
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td>").Append(cell.StartsWith('\u0001') ? cell[1..] : SvgCanvas.Escape(cell)).Append("</td>");
            _html.Append("</tr>");
        }
        _html.Append("</tbody></table>");
        if (total > count) _html.Append($"<p class=\"note\">Showing {count} of {ReportText.Count(total, "row")}.</p>");
        return this;
    }

    /// <summary>Marks a table cell as HTML that must not be escaped (badges, code).</summary>
    public static string Markup(string html) => "\u0001" + html;

    public override string ToString() => _html.ToString();
}
