using System.Globalization;
using Pipeline.Engine.Results;

namespace Pipeline.Cli.Terminal;

/// <summary>Prints what the run history added to a run's results: a warning when it could not record, drift and schema changes.</summary>
internal static class HistoryOutput
{
    public static void Print(RunResults results)
    {
        foreach (var warning in results.Warnings.Where(w => w.StartsWith("history:", StringComparison.Ordinal)))
            ErrorOutput.Info($"pipeline: warning: {warning}");
        foreach (var change in results.SchemaChanges)
            ErrorOutput.Info($"pipeline: schema change: {change.Column} {change.Change}" +
                             (change.Change == "retyped" ? $" {change.Before} -> {change.After}" : "") + $" (since run {Short(change.BaselineRun)})");
        foreach (var d in results.Drift)
            ErrorOutput.Info(string.Create(CultureInfo.InvariantCulture,
                $"pipeline: drift: {d.Column} {d.Metric} {d.Value:0.###} > {d.Threshold:0.###} (since run {Short(d.BaselineRun)})"));
    }

    private static string Short(string runId) => runId.Length > 12 ? runId[..12] : runId;
}
