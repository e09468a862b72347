using Pipeline.Core.Errors;
using Pipeline.Databases.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Learn.History.Anomalies;
using Pipeline.Engine.Results;
using Pipeline.Engine.Synthesize.Insights;

namespace Pipeline.Hosting.Running.History;

/// <summary>
/// Records a finished run in the run history and adds to its results what the history says: the run id, the dataset,
/// drift and schema changes against the baseline (by default the dataset's latest earlier completed run with a
/// profile), and the metric anomalies against the dataset's earlier runs.
/// The history never changes the run's outcome: when it cannot be written, the results get a warning instead.
/// </summary>
public static class RunHistoryRecorder
{
    /// <summary>The results with the history's sections (or a warning); unchanged when <paramref name="settings"/> is null.</summary>
    /// <param name="settings">Where to record, or null for no history.</param>
    /// <param name="results">The run's results.</param>
    /// <param name="profile">The run's profile, when it profiled.</param>
    /// <param name="specName">The spec's <c>name:</c>, if any.</param>
    /// <param name="input">The spec's input path (names the dataset when nothing else does).</param>
    public static RunResults Record(HistorySettings? settings, RunResults results, ProfileReport? profile, string? specName, string input)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (settings is null) return results;
        var dataset = settings.Dataset ?? specName ?? DatasetNames.FromInput(input);
        var runId = HistoryRecords.NewRunId();
        results = results with { RunId = runId, Dataset = dataset };
        try
        {
            var store = new DuckDbRunHistory(settings.Path, settings.LockTimeout);
            var current = HistoryRecords.From(results, profile, runId, dataset);
            // The earlier runs are read before this one is added, so the series never holds the run it judges.
            var earlier = store.Recent(dataset, Math.Max(settings.SeriesLength, settings.Baseline.Window));
            store.Append(current);
            // A failed run's metrics say nothing about the data: no drift or anomaly for it.
            if (results.Error is not null) return results;
            var (anomalies, oneOffs) = MetricAnomalies.Detect(earlier, current);
            var (baseline, named, warning) = BaselineChoice.Choose(settings.Baseline, dataset, earlier, oneOffs, store);
            var report = baseline is null ? DriftReport.None : DriftDetector.Compare(baseline, current);
            results = results with
            {
                Drift = report.Drift, SchemaChanges = report.SchemaChanges, Anomalies = anomalies, Baseline = named,
                Warnings = warning is null ? results.Warnings : [.. results.Warnings, warning],
            };
            // Runs that rank insights get the history's findings among them.
            return results.Insights.Count == 0 && profile is null ? results
                : results with { Insights = InsightEngine.Add(results.Insights, HistoryInsights.Find(results)) };
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return results with { Warnings = [.. results.Warnings, $"history: the run was not recorded: {ex.Message}"] };
        }
    }
}
