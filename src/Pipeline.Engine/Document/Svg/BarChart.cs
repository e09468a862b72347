using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Svg;

/// <summary>Horizontal bars of counts with their labels (the top values of a column).</summary>
public static class BarChart
{
    /// <summary>The SVG of the bars; <paramref name="total"/> gives each bar's share.</summary>
    public static string Render(string title, IReadOnlyList<(string Label, long Count)> bars, long total, double width = 320)
    {
        const double row = 18, top = 4, baseLabelW = 110, charW = 6;
        // The label column grows with the longest label (up to 280 px) and the chart with it, so labels are not cut
        // at 18 characters; longer ones are clipped with an ellipsis and shown whole in the bar's tooltip.
        int longest = bars.Count == 0 ? 0 : bars.Max(b => b.Label.Length);
        double labelW = Math.Clamp(longest * charW + 10, baseLabelW, 280);
        int clip = labelW == baseLabelW ? 18 : (int)((labelW - 10) / charW);
        width += labelW - baseLabelW;
        double height = top * 2 + Math.Max(1, bars.Count) * row;
        var svg = new SvgCanvas(width, height, title);
        long max = bars.Count == 0 ? 0 : bars.Max(b => b.Count);
        double plotW = width - labelW - 70;
        for (int i = 0; i < bars.Count; i++)
        {
            double y = top + i * row;
            double w = max == 0 ? 0 : plotW * bars[i].Count / max;
            svg.Text(labelW - 4, y + 13, SvgCanvas.Clip(bars[i].Label, clip), "end", 10);
            svg.Rect(labelW, y + 3, w, row - 6, Palette.Primary, $"{bars[i].Label}: {Count(bars[i].Count)}");
            svg.Text(labelW + w + 4, y + 13, total > 0 ? $"{Count(bars[i].Count)} ({Pct(100.0 * bars[i].Count / total)})" : Count(bars[i].Count), "start", 9, "#555");
        }
        return svg.ToString();
    }
}
