using Pipeline.Core.History;
using Pipeline.Engine.Learn.History.Anomalies;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// What the run history says about a run: drift and schema changes against the baseline, metric anomalies against the
/// earlier runs, and the earlier runs themselves (for the report's charts).
/// </summary>
/// <param name="Current">This run's record.</param>
/// <param name="Earlier">The dataset's earlier completed runs, newest first.</param>
/// <param name="Drift">Columns that drifted.</param>
/// <param name="SchemaChanges">Columns added, removed, retyped or changed in kind.</param>
/// <param name="Anomalies">Metrics outside their expected range.</param>
/// <param name="Baseline">What drift was measured against, or null.</param>
/// <param name="Warning">Why the baseline asked for could not be used, or null.</param>
/// <param name="BaselineRecord">The baseline's record (pooled for a window), or null.</param>
public sealed record HistoryComparison(RunRecord Current, IReadOnlyList<RunRecord> Earlier, IReadOnlyList<DriftResult> Drift,
    IReadOnlyList<SchemaChangeResult> SchemaChanges, IReadOnlyList<AnomalyResult> Anomalies, BaselineResult? Baseline, string? Warning,
    RunRecord? BaselineRecord = null)
{
    /// <summary>Compares <paramref name="current"/> with the history (which must not hold it yet).</summary>
    /// <param name="store">The history.</param>
    /// <param name="current">This run's record.</param>
    /// <param name="baseline">What drift is measured against.</param>
    /// <param name="seriesLength">How many earlier runs to read.</param>
    /// <param name="strategies">Per metric another strategy than the default, or null to leave it unwatched (spec <c>anomalies:</c>).</param>
    public static HistoryComparison Of(IRunHistory store, RunRecord current, Baseline baseline, int seriesLength,
        IReadOnlyDictionary<string, IAnomalyStrategy?>? strategies = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(baseline);
        var earlier = store.Recent(current.Dataset, Math.Max(seriesLength, baseline.Window));
        var (anomalies, oneOffs) = MetricAnomalies.Detect(earlier, current, strategies);
        var (record, named, warning) = BaselineChoice.Choose(baseline, current.Dataset, earlier, oneOffs, store);
        var report = record is null ? DriftReport.None : DriftDetector.Compare(record, current);
        return new HistoryComparison(current, earlier, report.Drift, report.SchemaChanges, anomalies, named, warning, record);
    }

    /// <summary>The results with the comparison's sections (and its warning).</summary>
    public RunResults ApplyTo(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results with
        {
            RunId = Current.RunId, Dataset = Current.Dataset,
            Drift = Drift, SchemaChanges = SchemaChanges, Anomalies = Anomalies, Baseline = Baseline,
            Warnings = Warning is null ? results.Warnings : [.. results.Warnings, Warning],
        };
    }
}
