using System.Globalization;
using Pipeline.Core.History;
using Pipeline.Engine.Document.Svg;
using Pipeline.Engine.Learn.History;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>
/// The report's "Compared with earlier runs" section: the baseline, every drift, schema change and metric anomaly found
/// against the dataset's history, and small multiples of the row count and of each changed metric over the last runs.
/// </summary>
public static class HistorySection
{
    /// <summary>Runs shown in each small chart (this one included).</summary>
    public const int RunsCharted = 30;

    /// <summary>Most small charts.</summary>
    public const int MaxCharts = 12;

    /// <summary>The section's HTML; null when the run keeps no history.</summary>
    public static string? Render(ReportModel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.History is not { } h) return null;
        var html = new HtmlWriter();
        if (h.Earlier.Count == 0)
        {
            html.Raw("<p>").Text($"This is the first recorded run of dataset {h.Current.Dataset}: later runs will be compared with it.").Raw("</p>");
            return html.ToString();
        }
        var baseline = h.Baseline is { } b ? $"baseline {b.Kind} (run {string.Join(", ", b.Runs.Select(Short))})" : "no baseline with column metrics yet";
        html.Raw("<p>").Text($"Dataset {h.Current.Dataset}: compared with {Count(h.Earlier.Count, "earlier run")}; {baseline}.").Raw("</p>");
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(h.Anomalies.Select(a => (IReadOnlyList<string>)["anomaly", a.Column ?? "(table)", a.Metric, Num(a.Value), a.ExpectedText(v => Num(v)), $"{a.Strategy}, {a.HistoryRuns} runs"]));
        rows.AddRange(h.Drift.Select(d => (IReadOnlyList<string>)["drift", d.Column, d.Metric, Num(d.Value), $"> {Num(d.Threshold)}",
            d.PValue is { } p ? $"p = {p.ToString("0.##E+0", CultureInfo.InvariantCulture)}" : ""]));
        rows.AddRange(h.SchemaChanges.Select(s => (IReadOnlyList<string>)["schema", s.Column, s.Change, s.After ?? "", s.Before ?? "", ""]));
        if (rows.Count == 0) html.Raw("<p>").Text("Nothing changed beyond the usual: no drift, no schema change, no metric outside its expected range.").Raw("</p>");
        else html.Table(["finding", "column", "metric", "value", "expected / threshold / before", "detail"], rows);

        html.Raw("<div class=\"multiples\">");
        foreach (var chart in Charts(h).Take(MaxCharts)) html.Raw(chart);
        html.Raw("</div><p class=\"note\">").Text("Each chart: the metric over the last runs, this run last (orange when flagged), and the range it was expected in (green) where one was learned. pipeline history diff RUN_A RUN_B compares any two runs.").Raw("</p>");
        return html.ToString();
    }

    private static IEnumerable<string> Charts(HistoryComparison h)
    {
        var earlier = h.Earlier.Take(RunsCharted - 1).Reverse().ToList();
        var rowAnomaly = h.Anomalies.FirstOrDefault(a => a.Metric == "row_count");
        yield return MetricHistoryChart.Render("rows read", [.. earlier.Select(r => (double)r.RowsRead)], h.Current.RowsRead,
            rowAnomaly is null ? null : (rowAnomaly.LowerOrOpen(), rowAnomaly.UpperOrOpen()), rowAnomaly is not null);
        var charted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in h.Anomalies.Where(a => a.Column is not null))
        {
            if (!charted.Add($"{a.Metric}:{a.Column}")) continue;
            yield return Chart(a.Metric, a.Column!, earlier, h.Current, (a.LowerOrOpen(), a.UpperOrOpen()), true);
        }
        foreach (var column in h.Drift.Select(d => d.Column).Distinct(StringComparer.Ordinal))
        {
            var metric = h.Current.Columns.FirstOrDefault(c => c.Name == column) is { Kind: "numeric" } ? "mean" : "null_fraction";
            if (!charted.Add($"{metric}:{column}")) continue;
            yield return Chart(metric, column, earlier, h.Current, null, true);
        }
    }

    private static string Chart(string metric, string column, List<RunRecord> earlier, RunRecord current, (double, double)? expected, bool flagged)
    {
        double Of(RunRecord run) => run.Columns.FirstOrDefault(c => c.Name == column) is { } c
            ? metric == "mean" ? c.Mean ?? double.NaN : c.NullFraction
            : double.NaN;
        var title = metric == "mean" ? $"mean of {column}" : $"null share of {column}";
        return MetricHistoryChart.Render(title, [.. earlier.Select(Of)], Of(current), expected, flagged);
    }

    private static string Short(string runId) => runId.Length > 12 ? runId[..12] : runId;
}
