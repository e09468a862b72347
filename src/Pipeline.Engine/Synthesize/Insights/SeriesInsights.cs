using Pipeline.Engine.Analyze.Series;
using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>Findings in time-ordered numeric series: repeating patterns, trends, gaps in time and spikes.</summary>
internal static class SeriesInsights
{
    /// <summary>R² of a straight line from which a trend is reported.</summary>
    public const double TrendRSquared = 0.5;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        var gapsReported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in inputs.Series)
        {
            string step = Duration(s.Grid.Step);
            if (s.Period is { } period && s.PeriodAutocorrelation is { } acf)
                yield return new Insight("seasonality",
                    $"{s.Column} repeats every {Count(period)} points ({Duration((double)period * s.Grid.Step)}) over {s.TimeColumn} (autocorrelation {Num(acf, 2)})",
                    Math.Min(80, 55 + acf * 25), InsightSeverity.Info, [s.Column, s.TimeColumn],
                    Evidence.Of(("period_points", period), ("period_seconds", period * (double)s.Grid.Step / TimeSpan.TicksPerSecond),
                        ("autocorrelation", acf), ("step_seconds", s.Grid.Step / (double)TimeSpan.TicksPerSecond)), Math.Min(0.95, acf),
                    $"Compare {s.Column} with the same point of the previous cycle ({Duration((double)period * s.Grid.Step)} earlier), not with the overall mean, when looking for anomalies.")
                { Sources = ["series"] };
            if (s.TrendRSquared >= TrendRSquared && Math.Abs(s.TrendChangePct) >= 10)
                yield return new Insight("trend",
                    $"{s.Column} {(s.TrendChangePct > 0 ? "rises" : "falls")} steadily over {s.TimeColumn} ({(s.TrendChangePct > 0 ? "+" : "")}{Num(s.TrendChangePct, 1)}% of its mean level from first to last point, R² = {Num(s.TrendRSquared, 2)})",
                    Math.Min(75, 45 + s.TrendRSquared * 25), InsightSeverity.Info, [s.Column, s.TimeColumn],
                    Evidence.Of(("r_squared", s.TrendRSquared), ("change_pct", s.TrendChangePct)), s.TrendRSquared,
                    $"Account for the trend in {s.Column} before comparing periods; forecast with a trend term.")
                { Sources = ["series"] };
            if (s.Grid.Gaps.Count > 0 && s.Grid.Regularity >= 0.8 && gapsReported.Add(s.TimeColumn))
            {
                long missing = s.Grid.Gaps.Sum(g => (long)g.Missing);
                var longest = s.Grid.Gaps.MaxBy(g => g.Missing);
                double pct = 100.0 * missing / s.Grid.Values.Length;
                yield return new Insight("time_gaps",
                    $"{s.TimeColumn} has {Count(s.Grid.Gaps.Count)} gaps: {Count(missing)} missing {step} steps; the longest starts {Instant(s.Grid.Start + longest.Index * s.Grid.Step)}",
                    Math.Min(70, 40 + pct * 2), pct > 5 ? InsightSeverity.Medium : InsightSeverity.Low, [s.TimeColumn],
                    Evidence.Of(("gaps", s.Grid.Gaps.Count), ("missing_steps", missing), ("missing_pct", pct), ("longest_gap_steps", longest.Missing)), 0.9,
                    $"Find out why {s.TimeColumn} skips periods (outage, late load); fill or flag the gaps before computing rates.")
                { Sources = ["series"] };
            }
            if (s.Spikes.Count > 0)
            {
                var worst = s.Spikes.MaxBy(x => Math.Abs(x.Z));
                string when = s.Spikes.Count == 1 ? "" : $" between {Instant(s.Grid.Start + s.Spikes[0].Index * s.Grid.Step)} and {Instant(s.Grid.Start + s.Spikes[^1].Index * s.Grid.Step)}";
                yield return new Insight("spikes",
                    $"{s.Column} has {Count(s.Spikes.Count)} unusual points{when}; the largest, {Num(s.Grid.Values[worst.Index])} at {Instant(s.Grid.Start + worst.Index * s.Grid.Step)}, is {Num(Math.Abs(worst.Z), 1)} robust deviations from the usual level",
                    Math.Min(74, 50 + Math.Abs(worst.Z)), InsightSeverity.Low, [s.Column, s.TimeColumn],
                    Evidence.Of(("spikes", s.Spikes.Count), ("max_abs_z", Math.Abs(worst.Z)), ("value", s.Grid.Values[worst.Index]), ("threshold_z", Spikes.Threshold)), 0.8,
                    $"Review the flagged points of {s.Column} (marked in the chart); add a warn rule with a `between` range to catch them in future loads.")
                { Sources = ["series"] };
            }
        }
    }
}
