using Pipeline.Core.Errors;
using Pipeline.Databases.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Learn.History;
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
    /// <param name="compared">The run's learn part, when the comparison already ran inside the run (then only the record
    /// is appended here).</param>
    public static RunResults Record(HistorySettings? settings, RunResults results, ProfileReport? profile, string? specName, string input,
        HistoryPart? compared = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (settings is null) return results;
        var dataset = results.Dataset ?? settings.DatasetFor(specName, input);
        var runId = results.RunId ?? HistoryRecords.NewRunId();
        results = results with { RunId = runId, Dataset = dataset };
        if (compared?.Failure is { } failure)
            return results with { Warnings = [.. results.Warnings, $"history: the run was not recorded: {failure}"] };
        try
        {
            var store = settings.Open();
            var current = HistoryRecords.From(results, profile, runId, dataset);
            // A failed run's metrics say nothing about the data: no drift or anomaly for it.
            if (compared?.Comparison is null && results.Error is null)
            {
                // The earlier runs are read before this one is added, so the series never holds the run it judges.
                var comparison = HistoryComparison.Of(store, current, settings.Baseline, settings.SeriesLength);
                results = comparison.ApplyTo(results);
                if (results.Insights.Count > 0 || profile is not null)
                    results = results with { Insights = InsightEngine.Add(results.Insights, HistoryInsights.Find(results)) };
            }
            store.Append(current);
            return results;
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return results with { Warnings = [.. results.Warnings, $"history: the run was not recorded: {ex.Message}"] };
        }
    }
}
