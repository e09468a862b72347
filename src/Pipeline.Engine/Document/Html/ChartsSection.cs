using Pipeline.Engine.Document.Svg;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>The table-wide charts: missing-value matrix, correlation heat map, time series.</summary>
internal static class ChartsSection
{
    public static string Missing(ReportModel m)
    {
        var html = new HtmlWriter();
        var p = m.Profile;
        html.Raw("<p>").Text($"{Count(p.MissingCells)} missing cells ({Pct(p.MissingCellsPct ?? 0)} of all cells); {Count(m.Data.Nulls.CompleteRows)} rows are complete. " +
            "Each row of the matrix is a combination of null columns (orange), with the number of rows that have it.").Raw("</p>");
        if (MissingMatrixChart.Render(m.Data.Nulls) is { } svg) html.Raw(svg);
        if (m.Data.Nulls.Patterns.Count > MissingMatrixChart.MaxPatterns)
            html.Raw("<p class=\"note\">").Text($"Showing the {MissingMatrixChart.MaxPatterns} most frequent of {m.Data.Nulls.Patterns.Count} patterns.").Raw("</p>");
        return html.ToString();
    }

    public static string Correlations(ReportModel m)
    {
        var html = new HtmlWriter();
        // Identifier columns (unique per row) correlate with anything ordered like them (a row counter and a
        // timestamp): noise, not a relationship, so they stay out of the matrix and the strongest pairs.
        var ids = m.Profile.Columns.Where(c => c.SemanticType is "id" or "uuid").Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var correlations = m.Profile.Correlations.Where(c => !ids.Contains(c.A) && !ids.Contains(c.B)).ToList();
        if (HeatMapChart.Render(correlations) is { } svg)
            html.Raw("<p>Pearson correlation of numeric columns over all rows where both are present (blue: rise together, orange: opposite)" +
                     (ids.Count > 0 ? $"; identifier columns ({string.Join(", ", ids.Order(StringComparer.Ordinal))}) are left out" : "") + ".</p>").Raw(svg);
        else html.Raw("<p>Fewer than two numeric columns: no correlation matrix.</p>");
        var strongest = correlations.OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.A, StringComparer.Ordinal).ThenBy(c => c.B, StringComparer.Ordinal).ToList();
        if (strongest.Count > 0)
            html.Raw("<h3>Strongest pairs</h3>").Table(["a", "b", "method", "value", "rows"],
                strongest.Select(c => (IReadOnlyList<string>)[c.A, c.B, c.Method, Num(c.Value, 3), Count(c.Rows)]), 15);
        return html.ToString();
    }

    public static string Series(ReportModel m)
    {
        var html = new HtmlWriter();
        foreach (var s in m.Series)
        {
            html.Raw("<h3>").Text($"{s.Column} over {s.TimeColumn}").Raw("</h3><p class=\"note\">")
                .Text((s.Grid.Regularity >= 0.8 ? $"{Count(s.Grid.Values.Length)} steps of {Duration(s.Grid.Step)}; {Count(s.Grid.Gaps.Count)} gaps"
                          : $"irregular times (median spacing {Duration(s.Grid.Step)}), drawn on a regular grid") +
                      (s.Period is { } p ? $"; repeats every {Count(p)} points" : "; no repeating pattern") +
                      $"; {Count(s.Spikes.Count)} flagged points (orange).").Raw("</p>");
            html.Raw(TimeSeriesChart.Render(s));
        }
        return html.ToString();
    }
}
