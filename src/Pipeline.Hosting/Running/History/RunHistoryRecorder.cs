using Pipeline.Core.Errors;
using Pipeline.Databases.History;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running.History;

/// <summary>
/// Records a finished run in the run history and adds to its results what the history says: the run id, the dataset,
/// and drift and schema changes against the baseline (the dataset's latest earlier completed run with a profile).
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
            var baseline = store.Append(current);
            // A failed run's metrics say nothing about the data: no drift for it.
            var report = baseline is null || results.Error is not null ? DriftReport.None : DriftDetector.Compare(baseline, current);
            return results with { Drift = report.Drift, SchemaChanges = report.SchemaChanges };
        }
        catch (Exception ex) when (ex is PipelineException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return results with { Warnings = [.. results.Warnings, $"history: the run was not recorded: {ex.Message}"] };
        }
    }
}
