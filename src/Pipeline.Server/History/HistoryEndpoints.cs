using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pipeline.Core.History;
using Pipeline.Engine.Learn.History;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Running.History;
using Pipeline.Server.Http;
using Pipeline.Server.Runs;
using Pipeline.Server.Storage;

namespace Pipeline.Server.History;

/// <summary><c>GET /history/{dataset}</c>: a dataset's recorded runs, newest first, with their column metrics as the
/// run history holds them, and for runs this server made, the drift, anomalies and schema changes of their
/// <c>results.json</c> (the history stores the metrics; the comparison is written to the run's results).</summary>
internal static class HistoryEndpoints
{
    /// <summary>The most runs one request returns.</summary>
    public const int MaxLimit = 200;

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder app)
        => app.MapGet("/history/{dataset}", Get).WithName("GetHistory")
            .WithSummary("A dataset's recorded runs, newest first (?limit=N, default 30): counts, column metrics, and for served runs their drift, anomalies and schema changes");

    private static IResult Get(string dataset, int? limit, ServeRoot root, RunManager runs, ServeSettings settings)
    {
        if (!SafeNames.IsValid(dataset)) return Problems.BadRequest($"dataset '{dataset}': must be {SafeNames.Rule}");
        int take = limit ?? 30;
        if (take < 1 || take > MaxLimit) return Problems.BadRequest($"limit: {take} must be between 1 and {MaxLimit}");
        if (!settings.RecordHistory) return Problems.NotFound("this server records no run history (--no-history)");
        IRunHistory store = new HistorySettings(root.History).Open();
        var records = File.Exists(root.History) ? store.List(dataset, take) : [];
        var name = dataset;
        // An uploaded file's name (orders_2024-03-01.csv) finds the history it is recorded under (orders), as
        // pipeline run names it.
        if (records.Count == 0 && root.Child(root.Datasets, dataset) is { } file && File.Exists(file))
        {
            name = DatasetNames.FromInput(file);
            records = File.Exists(root.History) ? store.List(name, take) : [];
        }
        else if (records.Count == 0)
            return Problems.NotFound($"no runs recorded for dataset '{dataset}' and no uploaded dataset of that name");
        var served = runs.List().Where(r => r.HistoryRunId is not null).ToDictionary(r => r.HistoryRunId!, StringComparer.Ordinal);
        return Results.Ok(new HistoryView(name, records.Select(r => Entry(store, r, served.GetValueOrDefault(r.RunId))).ToList()));
    }

    private static HistoryRun Entry(IRunHistory store, RunRecord summary, ServedRun? served)
    {
        var record = store.Find(summary.RunId) ?? summary;
        JsonElement? drift = null, anomalies = null, schemaChanges = null, baseline = null;
        var results = served is null ? null : Path.Combine(served.Folder, SpecRunner.ResultsFileName);
        if (results is not null && File.Exists(results))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(results));
            JsonElement? Section(string key) => doc.RootElement.TryGetProperty(key, out var v) ? v.Clone() : null;
            drift = Section("drift");
            anomalies = Section("anomalies");
            schemaChanges = Section("schema_changes");
            baseline = Section("baseline");
        }
        return new HistoryRun(record.RunId, served?.Id, record.Command, record.Status, record.StartedAt, record.FinishedAt, record.DurationSeconds,
            new HistoryRows(record.RowsRead, record.RowsWritten, record.RowsQuarantined), record.Inputs, record.Columns, baseline, drift, anomalies, schemaChanges);
    }
}

/// <summary>What <c>GET /history/{dataset}</c> returns.</summary>
/// <param name="Dataset">The dataset as the history names it.</param>
/// <param name="Runs">Its runs, newest first.</param>
internal sealed record HistoryView(string Dataset, IReadOnlyList<HistoryRun> Runs);

/// <summary>One recorded run.</summary>
/// <param name="RunId">The history's run id (<c>results.json</c> <c>run_id</c>).</param>
/// <param name="ServedRun">The server's run id (<c>/runs/{id}</c>) when this server made the run; null for runs of
/// <c>pipeline run</c> recorded in the same file.</param>
/// <param name="Command">The command recorded (<c>serve</c> for served runs).</param>
/// <param name="Status">The run's status.</param>
/// <param name="StartedAt">UTC start.</param>
/// <param name="FinishedAt">UTC end.</param>
/// <param name="DurationSeconds">Wall-clock seconds.</param>
/// <param name="Rows">Rows read, written and quarantined.</param>
/// <param name="Inputs">The inputs with their sizes and hashes.</param>
/// <param name="Columns">Per-column metrics (empty when the run did not profile).</param>
/// <param name="Baseline">What drift was measured against (served runs; from results.json).</param>
/// <param name="Drift">Drift findings (served runs; from results.json).</param>
/// <param name="Anomalies">Metric anomalies (served runs; from results.json).</param>
/// <param name="SchemaChanges">Schema changes (served runs; from results.json).</param>
internal sealed record HistoryRun(
    string RunId, string? ServedRun, string Command, string Status, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, double DurationSeconds,
    HistoryRows Rows, IReadOnlyList<RunInputRecord> Inputs, IReadOnlyList<ColumnMetrics> Columns,
    JsonElement? Baseline, JsonElement? Drift, JsonElement? Anomalies, JsonElement? SchemaChanges);

/// <summary>A recorded run's row counts.</summary>
/// <param name="Read">Rows read.</param>
/// <param name="Written">Rows delivered to the sinks.</param>
/// <param name="Quarantined">Rows quarantined.</param>
internal sealed record HistoryRows(long Read, long Written, long Quarantined);
