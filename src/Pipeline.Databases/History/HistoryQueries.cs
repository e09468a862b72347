using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Core.History;

namespace Pipeline.Databases.History;

/// <summary>The history's reads. Runs come back without columns unless <see cref="WithColumns"/> adds them.</summary>
internal static class HistoryQueries
{
    private const string RunColumns = "run_id, dataset, command, status, started_at, finished_at, duration_seconds, rows_read, rows_written, rows_quarantined, "
        + "batch_size, parallelism, memory_limit_bytes, spilled_bytes";
    private const string Newest = "ORDER BY started_at DESC, run_id DESC";

    /// <summary>The drift baseline: the dataset's newest run that completed and recorded column metrics.</summary>
    public static RunRecord? Latest(DuckDBConnection connection, string dataset)
        => Runs(connection, $"""
            SELECT {RunColumns} FROM runs WHERE dataset = ? AND status <> 'error'
            AND EXISTS (SELECT 1 FROM column_metrics m WHERE m.run_id = runs.run_id) {Newest} LIMIT 1
            """, dataset).FirstOrDefault();

    /// <summary>The <c>first</c> baseline: the dataset's oldest run that completed and recorded column metrics.</summary>
    public static RunRecord? Earliest(DuckDBConnection connection, string dataset)
        => Runs(connection, $"""
            SELECT {RunColumns} FROM runs WHERE dataset = ? AND status <> 'error'
            AND EXISTS (SELECT 1 FROM column_metrics m WHERE m.run_id = runs.run_id) ORDER BY started_at, run_id LIMIT 1
            """, dataset).FirstOrDefault();

    /// <summary>The dataset's newest completed runs (with or without column metrics).</summary>
    public static IReadOnlyList<RunRecord> Completed(DuckDBConnection connection, string dataset, int limit)
        => Runs(connection, $"SELECT {RunColumns} FROM runs WHERE dataset = ? AND status <> 'error' {Newest} LIMIT ?", dataset, limit);

    public static IReadOnlyList<RunRecord> List(DuckDBConnection connection, string? dataset, int limit)
        => dataset is null
            ? Runs(connection, $"SELECT {RunColumns} FROM runs {Newest} LIMIT ?", limit)
            : Runs(connection, $"SELECT {RunColumns} FROM runs WHERE dataset = ? {Newest} LIMIT ?", dataset, limit);

    /// <summary>The run with this id, or the one run whose id starts with it.</summary>
    /// <exception cref="PipelineException">Kind InvalidInput: the prefix matches several runs.</exception>
    public static RunRecord? Find(DuckDBConnection connection, string runId, string path)
    {
        var matches = Runs(connection, $"SELECT {RunColumns} FROM runs WHERE starts_with(run_id, ?) {Newest} LIMIT 2", runId);
        if (matches.Count > 1 && matches.All(m => m.RunId != runId))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"history {path}: run id '{runId}' matches several runs; give more of it");
        return matches.FirstOrDefault(m => m.RunId == runId) ?? matches.FirstOrDefault();
    }

    /// <summary>The run with its inputs and columns.</summary>
    public static RunRecord WithColumns(DuckDBConnection connection, RunRecord run)
    {
        var inputs = new List<RunInputRecord>();
        using (var command = Command(connection, "SELECT path, bytes, sha256, fingerprint FROM run_inputs WHERE run_id = ? ORDER BY ordinal", run.RunId))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                inputs.Add(new RunInputRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                {
                    Fingerprint = reader.IsDBNull(3) ? null : reader.GetString(3),
                });
        var columns = new List<ColumnMetrics>();
        using (var command = Command(connection, """
            SELECT ordinal, name, type, kind, rows, nulls, distinct_estimate, min, max, mean, stddev,
                   p01, p05, p25, p50, p75, p95, p99, top_values, semantic_type FROM column_metrics WHERE run_id = ? ORDER BY ordinal
            """, run.RunId))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) columns.Add(ReadColumn(reader));
        return run with { Inputs = inputs, Columns = columns };
    }

    private static ColumnMetrics ReadColumn(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        double? Number(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        var quantiles = Enumerable.Range(11, 7).Select(Number).ToList();
        var top = JsonSerializer.Deserialize<JsonElement[][]>(r.GetString(18)) ?? [];
        return new ColumnMetrics
        {
            Ordinal = r.GetInt32(0), Name = r.GetString(1), Type = r.GetString(2), Kind = r.GetString(3),
            Rows = r.GetInt64(4), Nulls = r.GetInt64(5), DistinctEstimate = r.GetInt64(6), Min = Text(7), Max = Text(8),
            Mean = Number(9), Stddev = Number(10), SemanticType = Text(19),
            // All seven or none: a column whose quantiles were unknown has none.
            Quantiles = quantiles.All(q => q is not null) ? [.. quantiles.Select(q => q!.Value)] : [],
            TopValues = [.. top.Select(t => new TopValue(t[0].GetString() ?? "", t[1].GetInt64()))],
        };
    }

    private static List<RunRecord> Runs(DuckDBConnection connection, string sql, params object[] values)
    {
        using var command = Command(connection, sql, values);
        using var r = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (r.Read())
            runs.Add(new RunRecord
            {
                RunId = r.GetString(0), Dataset = r.GetString(1), Command = r.GetString(2), Status = r.GetString(3),
                StartedAt = Utc(r.GetDateTime(4)), FinishedAt = Utc(r.GetDateTime(5)), DurationSeconds = r.GetDouble(6),
                RowsRead = r.GetInt64(7), RowsWritten = r.GetInt64(8), RowsQuarantined = r.GetInt64(9),
                BatchSize = r.IsDBNull(10) ? null : r.GetInt32(10), Parallelism = r.IsDBNull(11) ? null : r.GetInt32(11),
                MemoryLimitBytes = r.IsDBNull(12) ? null : r.GetInt64(12), SpilledBytes = r.IsDBNull(13) ? null : r.GetInt64(13),
            });
        return runs;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values) command.Parameters.Add(new DuckDBParameter(value));
        return command;
    }
}
