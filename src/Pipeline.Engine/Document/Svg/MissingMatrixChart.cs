using Pipeline.Engine.Analyze.Data;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Svg;

/// <summary>
/// The missing-value matrix: one row per pattern of null columns (most frequent first, complete rows on top), one cell
/// per column, orange where null; the count of rows with each pattern on the right.
/// </summary>
public static class MissingMatrixChart
{
    /// <summary>Most patterns drawn.</summary>
    public const int MaxPatterns = 15;

    /// <summary>The SVG, or null when the table has no columns.</summary>
    public static string? Render(NullPatterns nulls, int maxColumns = 40)
    {
        var columns = nulls.Columns.Take(maxColumns).ToList();
        if (columns.Count == 0) return null;
        var rows = new List<(HashSet<string> Null, long Rows)> { ([], nulls.CompleteRows) };
        rows.AddRange(nulls.Patterns.Take(MaxPatterns).Select(p => (p.NullColumns.ToHashSet(), p.Rows)));
        double cell = Math.Clamp(600.0 / columns.Count, 12, 48), rowH = 20, top = 100, left = 8;
        double width = left + cell * columns.Count + 110, height = top + rowH * rows.Count + 8;
        var svg = new SvgCanvas(width, height, "Missing-value matrix");
        for (int c = 0; c < columns.Count; c++)
            svg.Text(left + c * cell + cell / 2 + 3, top - 4, SvgCanvas.Clip(columns[c], 16), "start", 11, "#333", -60);
        for (int r = 0; r < rows.Count; r++)
        {
            double y = top + r * rowH;
            for (int c = 0; c < columns.Count; c++)
            {
                bool isNull = rows[r].Null.Contains(columns[c]);
                svg.Rect(left + c * cell, y, cell - 1, rowH - 2, isNull ? Palette.Flag : Palette.Present, isNull ? $"{columns[c]} null" : null);
            }
            svg.Text(left + columns.Count * cell + 6, y + 13, r == 0 ? $"{Count(rows[r].Rows)} complete" : $"{Count(rows[r].Rows)} rows", "start", 10);
        }
        return svg.ToString();
    }
}
