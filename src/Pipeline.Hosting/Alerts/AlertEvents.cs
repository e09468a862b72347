using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Alerts;

/// <summary>The events a run can raise for alerts, and which ones a finished run raised.</summary>
public static class AlertEvents
{
    /// <summary>Every event name, in the order they are reported.</summary>
    public static IReadOnlyList<string> All { get; } = ["error", "checks_failed", "schema_change", "anomaly", "drift"];

    /// <summary>The events <paramref name="results"/> raised.</summary>
    public static IReadOnlyList<string> Of(RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var raised = new List<string>();
        if (results.Error is not null || results.Status == "error") raised.Add("error");
        if (results.Status == "checks_failed") raised.Add("checks_failed");
        if (results.SchemaChanges.Count > 0) raised.Add("schema_change");
        if (results.Anomalies.Count > 0) raised.Add("anomaly");
        if (results.Drift.Count > 0) raised.Add("drift");
        return raised;
    }
}
