using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>One metric over a dataset's runs, oldest first: what anomaly detection learns from.</summary>
/// <param name="Metric"><c>row_count</c>, <c>null_fraction</c> or <c>mean</c>.</param>
/// <param name="Column">The column, or null for <c>row_count</c>.</param>
/// <param name="RunIds">The runs that recorded the metric, oldest first.</param>
/// <param name="Values">The metric's values in the same order.</param>
public sealed record MetricSeries(string Metric, string? Column, IReadOnlyList<string> RunIds, IReadOnlyList<double> Values)
{
    /// <summary>The metrics watched by default: the row count, and per column of <paramref name="current"/> its null
    /// fraction and (numeric columns) its mean, each over the <paramref name="earlier"/> runs (newest first, as the
    /// store returns them) that recorded it. Returns the series with this run's value.</summary>
    public static IReadOnlyList<(MetricSeries Series, double Value)> Defaults(IReadOnlyList<RunRecord> earlier, RunRecord current)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(current);
        var oldestFirst = earlier.Reverse().ToList();
        var list = new List<(MetricSeries, double)>
        {
            (Of("row_count", null, oldestFirst, r => r.RowsRead), current.RowsRead),
        };
        foreach (var column in current.Columns)
        {
            if (column.Rows == 0) continue;
            list.Add((Of("null_fraction", column.Name, oldestFirst, r => ColumnOf(r, column) is { Rows: > 0 } c ? c.NullFraction : null), column.NullFraction));
            // An identifier's mean follows its sequence, not the data.
            if (column.Kind == "numeric" && column.SemanticType != "id" && column.Mean is { } mean && double.IsFinite(mean))
                list.Add((Of("mean", column.Name, oldestFirst, r => ColumnOf(r, column) is { Kind: "numeric", Mean: { } m } && double.IsFinite(m) ? m : null), mean));
        }
        return list;
    }

    private static ColumnMetrics? ColumnOf(RunRecord run, ColumnMetrics like)
        => run.Columns.FirstOrDefault(c => c.Name == like.Name);

    private static MetricSeries Of(string metric, string? column, List<RunRecord> runs, Func<RunRecord, double?> value)
    {
        var ids = new List<string>();
        var values = new List<double>();
        foreach (var run in runs)
        {
            if (value(run) is not { } v) continue;
            ids.Add(run.RunId);
            values.Add(v);
        }
        return new MetricSeries(metric, column, ids, values);
    }
}
