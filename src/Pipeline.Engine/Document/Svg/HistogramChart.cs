using Pipeline.Engine.Analyze.Profile;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Svg;

/// <summary>A column's equal-width histogram as vertical bars, with the range on the x axis.</summary>
public static class HistogramChart
{
    /// <summary>The SVG of the histogram.</summary>
    /// <param name="column">The column's name.</param>
    /// <param name="histogram">Edges and counts.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="label">How an edge is written (default: a number; a date for a timeline).</param>
    public static string Render(string column, HistogramProfile histogram, double width = 320, double height = 150, Func<double, string>? label = null)
    {
        label ??= v => Num(v);
        var svg = new SvgCanvas(width, height, $"Histogram of {column}");
        double left = 40, right = 8, top = 8, bottom = 22;
        double plotW = width - left - right, plotH = height - top - bottom;
        long max = histogram.Counts.Count == 0 ? 0 : histogram.Counts.Max();
        svg.Line(left, top + plotH, left + plotW, top + plotH, Palette.Axis);
        svg.Text(left - 4, top + 8, Count(max), "end", 9, "#666");
        svg.Text(left - 4, top + plotH, "0", "end", 9, "#666");
        if (max > 0)
        {
            double barW = plotW / histogram.Counts.Count;
            for (int i = 0; i < histogram.Counts.Count; i++)
            {
                double h = plotH * histogram.Counts[i] / max;
                svg.Rect(left + i * barW + 0.5, top + plotH - h, barW - 1, h, Palette.Primary,
                    $"[{label(histogram.Edges[i])}, {label(histogram.Edges[i + 1])}): {Count(histogram.Counts[i])}");
            }
        }
        if (histogram.Edges.Count > 0)
        {
            svg.Text(left, height - 6, label(histogram.Edges[0]), "start", 9, "#666");
            svg.Text(left + plotW, height - 6, label(histogram.Edges[^1]), "end", 9, "#666");
        }
        return svg.ToString();
    }
}
