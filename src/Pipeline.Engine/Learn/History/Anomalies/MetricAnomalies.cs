using Pipeline.Core.History;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// Finds the default metric anomalies of a run (row count, per-column null fraction and mean) against the dataset's
/// earlier runs with <see cref="AdaptiveNormalStrategy"/>, and which earlier runs were one-off outliers in volume (they
/// make poor drift baselines). The interval of each metric is never narrower than its sampling noise, so a small load
/// is not an anomaly for its size alone.
/// </summary>
public static class MetricAnomalies
{
    // Two-sided 99.9% of the standard normal: the sampling noise allowed on a share or a mean.
    private const double Z = 3.29;

    /// <summary>The anomalies of <paramref name="current"/> and the ids of earlier runs whose row count was a one-off.</summary>
    /// <param name="earlier">Earlier completed runs of the dataset, newest first.</param>
    /// <param name="current">This run.</param>
    /// <param name="strategies">Per metric (<see cref="Key"/>), another strategy than the default, or null to watch it not at all.</param>
    public static (IReadOnlyList<AnomalyResult> Anomalies, IReadOnlySet<string> VolumeOneOffs) Detect(IReadOnlyList<RunRecord> earlier, RunRecord current,
        IReadOnlyDictionary<string, IAnomalyStrategy?>? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(current);
        var anomalies = new List<AnomalyResult>();
        var oneOffs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (series, value) in MetricSeries.Defaults(earlier, current))
        {
            if (strategies is not null && strategies.TryGetValue(Key(series.Metric, series.Column), out var chosen))
            {
                if (chosen?.Expect(series.Values) is { } expected && !expected.Contains(value))
                    anomalies.Add(new AnomalyResult(series.Metric, series.Column, Round(value), Bound(expected.Lower), Bound(expected.Upper),
                        chosen.Name, series.Values.Count, "warning"));
                // A metric with its own strategy still tells the default which loads were one-offs in volume.
                if (series.Metric != "row_count") continue;
                foreach (var i in new AdaptiveNormalStrategy { Floor = Floor(series, value, current) }.Judge(series.Values, value).OneOffs) oneOffs.Add(series.RunIds[i]);
                continue;
            }
            var strategy = new AdaptiveNormalStrategy { Floor = Floor(series, value, current) };
            var verdict = strategy.Judge(series.Values, value);
            if (series.Metric == "row_count")
                foreach (var i in verdict.OneOffs) oneOffs.Add(series.RunIds[i]);
            if (verdict.IsAnomaly && verdict.Range is { } range)
                anomalies.Add(new AnomalyResult(series.Metric, series.Column, Round(value), Bound(range.Lower), Bound(range.Upper),
                    strategy.Name, series.Values.Count, "warning"));
        }
        return (anomalies, oneOffs);
    }

    /// <summary>How a metric is named in a spec's <c>anomalies:</c>: <c>row_count</c>, or <c>COLUMN.null_fraction</c> /
    /// <c>COLUMN.mean</c>.</summary>
    public static string Key(string metric, string? column) => column is null ? metric : $"{column}.{metric}";

    /// <summary>The smallest half-width of a metric's expected range.</summary>
    private static double Floor(MetricSeries series, double value, RunRecord current)
    {
        double typical = series.Values.Count > 0 ? Median(series.Values) : value;
        switch (series.Metric)
        {
            case "row_count":
                // Loads that differ by a couple of percent are the same load.
                return Math.Max(1, 0.02 * Math.Abs(typical));
            case "null_fraction":
            {
                long rows = current.Columns.FirstOrDefault(c => c.Name == series.Column)?.Rows ?? 0;
                double p = Math.Clamp(typical, 0, 1);
                double noise = rows > 0 ? Z * Math.Sqrt(Math.Max(p * (1 - p), 1.0 / rows) / rows) : 0;
                return Math.Max(0.01, noise);
            }
            default:
            {
                var column = current.Columns.FirstOrDefault(c => c.Name == series.Column);
                double sd = column?.Stddev is { } s && double.IsFinite(s) ? s : 0;
                long n = column is null ? 0 : column.Rows - column.Nulls;
                // A tenth of a standard deviation is no shift worth a warning; a small load's mean wanders by its
                // standard error.
                double noise = n > 0 ? Z * sd / Math.Sqrt(n) : 0;
                return Math.Max(Math.Max(0.05 * sd, noise), 1e-9 * Math.Max(1, Math.Abs(typical)));
            }
        }
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : value;

    // An open side of a range is written as null: JSON has no infinity.
    private static double? Bound(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}
