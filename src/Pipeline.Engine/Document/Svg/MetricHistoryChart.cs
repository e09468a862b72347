using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Svg;

/// <summary>
/// A small chart of one metric over a dataset's runs (a small multiple of the report's "Compared with earlier runs"):
/// earlier runs as a line of points, this run as the last point (in the flag colour when it is an anomaly), and the
/// range this run was expected in as a band.
/// </summary>
public static class MetricHistoryChart
{
    /// <summary>The SVG.</summary>
    /// <param name="title">What is charted (e.g. "row_count", "mean of amount").</param>
    /// <param name="earlier">The metric in earlier runs, oldest first.</param>
    /// <param name="current">This run's value.</param>
    /// <param name="expected">The expected range, when one was computed.</param>
    /// <param name="flagged">Whether this run's value is an anomaly or drifted.</param>
    public static string Render(string title, IReadOnlyList<double> earlier, double current, (double Lower, double Upper)? expected, bool flagged)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        const double width = 260, height = 120, left = 46, right = 8, top = 20, bottom = 14;
        double plotW = width - left - right, plotH = height - top - bottom;
        var svg = new SvgCanvas(width, height, $"{title} over the last {earlier.Count + 1} runs");
        svg.Text(left, 12, SvgCanvas.Clip(title, 40), "start", 11, "#333");
        var values = earlier.Append(current).Where(double.IsFinite).ToList();
        double lo = values.Count == 0 ? 0 : values.Min(), hi = values.Count == 0 ? 1 : values.Max();
        if (expected is { } e)
        {
            if (double.IsFinite(e.Lower)) lo = Math.Min(lo, e.Lower);
            if (double.IsFinite(e.Upper)) hi = Math.Max(hi, e.Upper);
        }
        if (hi <= lo) { hi = lo + Math.Max(1, Math.Abs(lo) * 0.01); }
        double Y(double v) => top + plotH * (1 - (v - lo) / (hi - lo));
        int n = earlier.Count + 1;
        double X(int i) => left + (n == 1 ? plotW : plotW * i / (n - 1));
        if (expected is { } band)
        {
            double y1 = Y(double.IsFinite(band.Upper) ? band.Upper : hi), y2 = Y(double.IsFinite(band.Lower) ? band.Lower : lo);
            svg.Rect(left, y1, plotW, y2 - y1, "#e7f0e7", $"expected {Num(band.Lower)} to {Num(band.Upper)}");
        }
        svg.Line(left, top + plotH, left + plotW, top + plotH, Palette.Axis);
        svg.Text(left - 4, top + 8, Num(hi), "end", 9, "#666");
        svg.Text(left - 4, top + plotH, Num(lo), "end", 9, "#666");
        svg.Polyline([.. earlier.Select((v, i) => (X(i), double.IsFinite(v) ? Y(v) : double.NaN)), (X(n - 1), Y(current))], Palette.Primary, 1.2);
        for (int i = 0; i < earlier.Count; i++)
            if (double.IsFinite(earlier[i])) svg.Circle(X(i), Y(earlier[i]), 2, Palette.Primary, $"run {i - earlier.Count}: {Num(earlier[i])}");
        svg.Circle(X(n - 1), Y(current), 3.5, flagged ? Palette.Flag : Palette.Primary, $"this run: {Num(current)}");
        return svg.ToString();
    }
}
