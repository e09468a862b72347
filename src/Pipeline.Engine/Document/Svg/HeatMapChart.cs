using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Document.Svg;

/// <summary>A correlation matrix of numeric columns as coloured cells (blue positive, orange negative), values printed.</summary>
public static class HeatMapChart
{
    /// <summary>Most columns drawn (the first ones in schema order).</summary>
    public const int MaxColumns = 20;

    /// <summary>The SVG, or null when fewer than two columns have Pearson correlations.</summary>
    public static string? Render(IReadOnlyList<Correlation> correlations, string method = "pearson")
    {
        var pairs = correlations.Where(c => c.Method == method).ToList();
        var columns = pairs.SelectMany(c => new[] { c.A, c.B }).Distinct().Take(MaxColumns).ToList();
        if (columns.Count < 2) return null;
        var value = new Dictionary<(string, string), double>();
        foreach (var c in pairs) { value[(c.A, c.B)] = c.Value; value[(c.B, c.A)] = c.Value; }
        double cell = Math.Clamp(480.0 / columns.Count, 28, 60);
        const double labelW = 110;
        double size = labelW + cell * columns.Count + 8;
        var svg = new SvgCanvas(size, size, $"{method} correlation heat map");
        for (int i = 0; i < columns.Count; i++)
        {
            svg.Text(labelW - 4, labelW + i * cell + cell / 2 + 4, SvgCanvas.Clip(columns[i], 16), "end", 10);
            svg.Text(labelW + i * cell + cell / 2 + 4, labelW - 4, SvgCanvas.Clip(columns[i], 16), "start", 10, "#333", -60);
            for (int j = 0; j < columns.Count; j++)
            {
                double? v = i == j ? 1 : value.TryGetValue((columns[i], columns[j]), out var x) ? x : null;
                double px = labelW + j * cell, py = labelW + i * cell;
                if (v is not { } r) { svg.Rect(px, py, cell - 1, cell - 1, "#f4f4f4"); continue; }
                svg.Rect(px, py, cell - 1, cell - 1, Palette.Diverging(r), $"{columns[i]} ~ {columns[j]}: {r.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}");
                svg.Text(px + cell / 2, py + cell / 2 + 3, r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), "middle", Math.Min(12, cell / 3.5), Math.Abs(r) > 0.6 ? "#fff" : "#333");
            }
        }
        return svg.ToString();
    }
}
