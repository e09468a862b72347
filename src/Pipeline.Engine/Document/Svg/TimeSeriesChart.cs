using Pipeline.Engine.Analyze.Series;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Svg;

/// <summary>A series over time as a line (averaged down to at most <see cref="MaxPoints"/> points), with flagged
/// spikes as orange dots and the first and last instants on the x axis.</summary>
public static class TimeSeriesChart
{
    /// <summary>Most points drawn.</summary>
    public const int MaxPoints = 800;

    /// <summary>The SVG of the series.</summary>
    public static string Render(SeriesAnalysis series, double width = 680, double height = 180)
    {
        var values = series.Grid.Values;
        var svg = new SvgCanvas(width, height, $"{series.Column} over {series.TimeColumn}");
        double left = 50, right = 10, top = 10, bottom = 24;
        double plotW = width - left - right, plotH = height - top - bottom;
        double min = values.Where(double.IsFinite).DefaultIfEmpty(0).Min(), max = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (max == min) { max += 1; min -= 1; }
        double X(double index) => left + plotW * index / Math.Max(1, values.Length - 1);
        double Y(double v) => top + plotH * (1 - (v - min) / (max - min));
        svg.Line(left, top + plotH, left + plotW, top + plotH, Palette.Axis);
        svg.Line(left, top, left, top + plotH, Palette.Axis);
        svg.Text(left - 4, top + 8, Num(max), "end", 9, "#666");
        svg.Text(left - 4, top + plotH, Num(min), "end", 9, "#666");
        int stride = Math.Max(1, (int)Math.Ceiling(values.Length / (double)MaxPoints));
        var points = new List<(double, double)>();
        for (int i = 0; i < values.Length; i += stride)
        {
            int end = Math.Min(values.Length, i + stride);
            double sum = 0;
            int n = 0;
            for (int j = i; j < end; j++) if (double.IsFinite(values[j])) { sum += values[j]; n++; }
            points.Add((X((i + end - 1) / 2.0), n == 0 ? double.NaN : Y(sum / n)));
        }
        svg.Polyline(points, Palette.Primary, 1.2);
        foreach (var (index, z) in series.Spikes.Take(200))
            svg.Circle(X(index), Y(values[index]), 3, Palette.Flag,
                $"{Instant(series.Grid.Start + index * series.Grid.Step)}: {Num(values[index])} (z = {Num(z, 1)})");
        svg.Text(left, height - 6, Instant(series.Grid.Start), "start", 9, "#666");
        svg.Text(left + plotW, height - 6, Instant(series.Grid.Start + (values.Length - 1) * series.Grid.Step), "end", 9, "#666");
        return svg.ToString();
    }
}
