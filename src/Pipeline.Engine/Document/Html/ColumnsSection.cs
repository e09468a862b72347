using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.Engine.Document.Svg;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Document.Html;

/// <summary>One card per column: its key statistics, a histogram (numbers) or its top values (everything else), and
/// the insights that name it.</summary>
internal static class ColumnsSection
{
    public static string Render(ReportModel m)
    {
        var html = new HtmlWriter().Raw("<div class=\"columns\">");
        foreach (var (c, i) in m.Profile.Columns.Take(HtmlReport.MaxColumnSections).Select((c, i) => (c, i)))
        {
            html.Raw($"<div class=\"column\" id=\"col-{i}\"><h3>").Text(c.Name).Raw("</h3><p class=\"note\">")
                .Text($"{c.Type} · {c.SemanticType}").Raw("</p>");
            html.Table(["statistic", "value"], Statistics(c).Select(s => (IReadOnlyList<string>)[s.Name, s.Value]));
            if (c.Histogram is { Counts.Count: > 0 } h && c.Kind == "numeric") html.Raw(HistogramChart.Render(c.Name, h));
            // Instants are nearly all distinct: how they spread over time says more than their most frequent values.
            else if (c.Kind == "datetime" && c.Datetime?.Timeline is { Counts.Count: > 0 } timeline)
                html.Raw(HistogramChart.Render(c.Name, timeline, label: seconds =>
                    Analyze.ValueText.Timestamp((long)Math.Round(seconds * 1_000_000), Apache.Arrow.Types.TimeUnit.Microsecond)[..10]));
            else if (c.TopValues.Count > 0)
                html.Raw(BarChart.Render($"Top values of {c.Name}", c.TopValues.Take(8).Select(v => (v.Value, v.Count)).ToList(), c.Count));
            foreach (var insight in m.Insights.Where(x => x.Columns.Contains(c.Name)).Take(5))
                html.Raw($"<p><span class=\"badge {insight.Severity}\">{insight.Severity}</span> ").Text(insight.Title).Raw("</p>");
            html.Raw("</div>");
        }
        html.Raw("</div>");
        if (m.Profile.Columns.Count > HtmlReport.MaxColumnSections)
            html.Raw("<p class=\"note\">").Text($"Showing {HtmlReport.MaxColumnSections} of {m.Profile.Columns.Count} columns; all are in profile.json.").Raw("</p>");
        return html.ToString();
    }

    private static IEnumerable<(string Name, string Value)> Statistics(ColumnProfile c)
    {
        yield return ("non-null", Count(c.Count));
        yield return ("null", $"{Count(c.NullCount)} ({Pct(c.NullPct ?? 0)})");
        yield return ("distinct", Count(c.DistinctCount) + (c.DistinctExact ? "" : " (estimate)"));
        if (c.Kind == "numeric")
        {
            yield return ("mean", Num(c.Mean ?? double.NaN));
            yield return ("std dev", Num(c.Stddev ?? double.NaN));
            yield return ("min / median / max", $"{Num(DistributionInsights.ToDouble(c.Min))} / {Num(DistributionInsights.Quantile(c, "p50"))} / {Num(DistributionInsights.ToDouble(c.Max))}");
            if (c.Zeros is > 0) yield return ("zeros", Count(c.Zeros.Value));
            if (c.Skewness is { } s) yield return ("skewness", Num(s, 2));
        }
        else if (c.Min is not null) yield return ("min / max", $"{SvgCanvas.Clip(c.Min.ToString() ?? "", 24)} / {SvgCanvas.Clip(c.Max?.ToString() ?? "", 24)}");
        if (c.Text is { } t) yield return ("length", $"{t.LengthMin}–{t.LengthMax}");
    }
}
