using System.Globalization;
using Pipeline.Engine.Results;

namespace Pipeline.Cli.Terminal;

/// <summary>Prints what the run history added to a run's results: a warning when it could not record, drift, schema changes and metric anomalies.</summary>
internal static class HistoryOutput
{
    public static void Print(RunResults results)
    {
        PrintAlerts(results);
        foreach (var warning in results.Warnings.Where(w => w.StartsWith("history:", StringComparison.Ordinal)))
            ErrorOutput.Info($"pipeline: warning: {warning}");
        foreach (var change in results.SchemaChanges)
            ErrorOutput.Info($"pipeline: schema change: {change.Column} {change.Change}" +
                             (change.Change is "retyped" or "semantic_type" ? $" {change.Before} -> {change.After}" : "") + $" (since run {Short(change.BaselineRun)})");
        foreach (var d in results.Drift)
        {
            var p = d.PValue is { } value ? string.Create(CultureInfo.InvariantCulture, $" (p = {value:0.###E+0})") : "";
            ErrorOutput.Info(string.Create(CultureInfo.InvariantCulture,
                $"pipeline: drift: {d.Column} {d.Metric} {d.Value:0.###} > {d.Threshold:0.###}{p} (since run {Short(d.BaselineRun)})"));
        }
        foreach (var a in results.Anomalies)
            ErrorOutput.Info(string.Create(CultureInfo.InvariantCulture,
                $"pipeline: anomaly: {(a.Column is null ? "" : a.Column + " ")}{a.Metric} {a.Value:0.####} outside {a.ExpectedText(v => v.ToString("0.####", CultureInfo.InvariantCulture))} ({a.Strategy}, {a.HistoryRuns} earlier runs)"));
    }

    /// <summary>The alerts the run sent, and those that failed after their retries.</summary>
    public static void PrintAlerts(RunResults results)
    {
        foreach (var a in results.Alerts)
            ErrorOutput.Info(a.Status == "sent"
                ? $"pipeline: alert sent to {a.Target} ({string.Join(", ", a.Events)})"
                : $"pipeline: warning: alert to {a.Target} failed after {a.Attempts} attempts: {a.Error}");
    }

    private static string Short(string runId) => runId.Length > 12 ? runId[..12] : runId;
}
