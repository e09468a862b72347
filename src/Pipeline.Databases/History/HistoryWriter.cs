using System.Text.Json;
using DuckDB.NET.Data;
using Pipeline.Core.History;

namespace Pipeline.Databases.History;

/// <summary>The history's writes: a run's rows, and pruning. The caller holds the lock and the transaction.</summary>
internal static class HistoryWriter
{
    public static void Insert(DuckDBConnection connection, RunRecord run)
    {
        Execute(connection, """
            INSERT INTO runs (run_id, dataset, command, status, started_at, finished_at, duration_seconds, rows_read, rows_written,
                rows_quarantined, batch_size, parallelism, memory_limit_bytes, spilled_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            run.RunId, run.Dataset, run.Command, run.Status, run.StartedAt.UtcDateTime, run.FinishedAt.UtcDateTime,
            run.DurationSeconds, run.RowsRead, run.RowsWritten, run.RowsQuarantined, run.BatchSize, run.Parallelism,
            run.MemoryLimitBytes, run.SpilledBytes);
        for (int i = 0; i < run.Inputs.Count; i++)
        {
            var input = run.Inputs[i];
            Execute(connection, "INSERT INTO run_inputs (run_id, ordinal, path, bytes, sha256, fingerprint) VALUES (?, ?, ?, ?, ?, ?)",
                run.RunId, i, input.Path, input.Bytes, input.Sha256, input.Fingerprint);
        }
        foreach (var c in run.Columns)
        {
            double? Q(int i) => i < c.Quantiles.Count ? c.Quantiles[i] : null;
            Execute(connection, """
                INSERT INTO column_metrics (run_id, ordinal, name, type, kind, rows, nulls, distinct_estimate, min, max, mean, stddev,
                    p01, p05, p25, p50, p75, p95, p99, top_values, semantic_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                run.RunId, c.Ordinal, c.Name, c.Type, c.Kind, c.Rows, c.Nulls, c.DistinctEstimate, c.Min, c.Max,
                Finite(c.Mean), Finite(c.Stddev), Q(0), Q(1), Q(2), Q(3), Q(4), Q(5), Q(6),
                JsonSerializer.Serialize(c.TopValues.Select(t => new object[] { t.Value, t.Count })), c.SemanticType);
        }
    }

    /// <summary>Deletes per dataset all but the newest <paramref name="keep"/> runs, and runs started before
    /// <paramref name="olderThan"/>, with their inputs and columns.</summary>
    public static int Prune(DuckDBConnection connection, int? keep, DateTimeOffset? olderThan)
    {
        Execute(connection, "CREATE TEMP TABLE prune_ids AS SELECT run_id FROM runs WHERE false");
        if (keep is { } k)
            Execute(connection, """
                INSERT INTO prune_ids SELECT run_id FROM (SELECT run_id, row_number() OVER (PARTITION BY dataset
                ORDER BY started_at DESC, run_id DESC) AS rn FROM runs) WHERE rn > ?
                """, k);
        if (olderThan is { } t) Execute(connection, "INSERT INTO prune_ids SELECT run_id FROM runs WHERE started_at < ?", t.UtcDateTime);
        int deleted = Execute(connection, "DELETE FROM runs WHERE run_id IN (SELECT run_id FROM prune_ids)");
        Execute(connection, "DELETE FROM run_inputs WHERE run_id IN (SELECT run_id FROM prune_ids)");
        Execute(connection, "DELETE FROM column_metrics WHERE run_id IN (SELECT run_id FROM prune_ids)");
        Execute(connection, "DROP TABLE prune_ids");
        return deleted;
    }

    // NaN and infinities are not comparable as metrics; they are stored as unknown.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static int Execute(DuckDBConnection connection, string sql, params object?[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values) command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        return command.ExecuteNonQuery();
    }
}
