using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Alerts;

/// <summary>The body of an alert: the run's identity, its events and findings (<c>json</c>), or one line of text
/// for chat webhooks (<c>slack</c>: <c>{"text": ...}</c>, which Slack, Mattermost and Rocket.Chat accept).</summary>
public static class AlertPayload
{
    /// <summary>The JSON body for <paramref name="results"/> in <paramref name="format"/>.</summary>
    /// <param name="results">The run's results.</param>
    /// <param name="events">The events the alert is for.</param>
    /// <param name="format"><c>json</c> or <c>slack</c>.</param>
    /// <param name="name">The spec's name, if any (names the run for people).</param>
    public static string Render(RunResults results, IReadOnlyList<string> events, string format, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(events);
        if (format == "slack") return new JsonObject { ["text"] = Summary(results, events, name) }.ToJsonString();
        var body = new JsonObject
        {
            ["pipeline"] = results.PipelineVersion,
            ["name"] = name,
            ["run_id"] = results.RunId,
            ["dataset"] = results.Dataset,
            ["command"] = results.Command,
            ["status"] = results.Status,
            ["events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]),
            ["summary"] = Summary(results, events, name),
            ["finished_at"] = results.FinishedAt.ToString("O", CultureInfo.InvariantCulture),
            ["rows"] = new JsonObject { ["read"] = results.Rows.Read, ["written"] = results.Rows.Written, ["quarantined"] = results.Rows.Quarantined },
            ["failed_rules"] = new JsonArray([.. results.Rules.Where(r => !r.Passed).Select(r => (JsonNode)r.Name)]),
            ["drift"] = Node(results.Drift),
            ["anomalies"] = Node(results.Anomalies),
            ["schema_changes"] = Node(results.SchemaChanges),
            ["error"] = results.Error?.Message,
        };
        return body.ToJsonString();
    }

    /// <summary>One line a person reads first: which run, what happened.</summary>
    public static string Summary(RunResults results, IReadOnlyList<string> events, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var parts = new List<string>();
        if (results.Error is { } error) parts.Add($"failed: {error.Message}");
        if (events.Contains("checks_failed"))
            parts.Add($"checks failed: {string.Join(", ", results.Rules.Where(r => !r.Passed).Select(r => r.Name).Take(5))}");
        foreach (var s in results.SchemaChanges.Take(3)) parts.Add($"column {s.Column} {s.Change}");
        foreach (var a in results.Anomalies.Take(3))
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{(a.Column is null ? "" : a.Column + " ")}{a.Metric} {a.Value:0.####} outside {a.ExpectedText(v => v.ToString("0.####", CultureInfo.InvariantCulture))}"));
        foreach (var column in results.Drift.Select(d => d.Column).Distinct().Take(3)) parts.Add($"{column} drifted");
        var who = name ?? results.Dataset ?? results.Inputs.FirstOrDefault()?.Path ?? results.Command;
        var id = results.RunId is { } runId ? $" {runId[..Math.Min(12, runId.Length)]}" : "";
        return $"Pipeline {who}: run{id} {results.Status}: {string.Join("; ", parts)}";
    }

    private static JsonNode? Node<T>(IReadOnlyList<T> items) => JsonSerializer.SerializeToNode(items, ResultsJson.Options);
}
