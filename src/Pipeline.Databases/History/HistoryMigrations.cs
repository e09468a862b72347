using DuckDB.NET.Data;
using Pipeline.Core.Errors;

namespace Pipeline.Databases.History;

/// <summary>
/// The history file's schema, as a list of versioned steps. A file records its version in <c>schema_version</c>; opening
/// it applies every later step, each in its own transaction with its version row, so a file is always at one version.
/// A new version is a new step at the end of <see cref="All"/>: never edit a step that has shipped.
/// </summary>
internal static class HistoryMigrations
{
    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<HistoryMigration> All { get; } =
    [
        new(1, """
            CREATE TABLE runs (
                run_id VARCHAR PRIMARY KEY, dataset VARCHAR NOT NULL, command VARCHAR NOT NULL, status VARCHAR NOT NULL,
                started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL, duration_seconds DOUBLE NOT NULL,
                rows_read BIGINT NOT NULL, rows_written BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL);
            CREATE INDEX runs_dataset ON runs (dataset, started_at);
            CREATE TABLE run_inputs (run_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, path VARCHAR NOT NULL, bytes BIGINT, sha256 VARCHAR);
            CREATE TABLE column_metrics (
                run_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL, kind VARCHAR NOT NULL,
                rows BIGINT NOT NULL, nulls BIGINT NOT NULL, distinct_estimate BIGINT NOT NULL, min VARCHAR, max VARCHAR,
                mean DOUBLE, stddev DOUBLE, p01 DOUBLE, p05 DOUBLE, p25 DOUBLE, p50 DOUBLE, p75 DOUBLE, p95 DOUBLE, p99 DOUBLE,
                top_values VARCHAR NOT NULL)
            """),
        new(2, "ALTER TABLE column_metrics ADD COLUMN semantic_type VARCHAR"),
        // The settings a run used and what it spilled (what the optimize stage learns batch sizes and limits from), and a
        // large input's fingerprint, kept apart from sha256 (options.input_hash).
        new(3, """
            ALTER TABLE runs ADD COLUMN batch_size INTEGER;
            ALTER TABLE runs ADD COLUMN parallelism INTEGER;
            ALTER TABLE runs ADD COLUMN memory_limit_bytes BIGINT;
            ALTER TABLE runs ADD COLUMN spilled_bytes BIGINT;
            ALTER TABLE run_inputs ADD COLUMN fingerprint VARCHAR
            """),
    ];

    /// <summary>The version a file has once opened by this build.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>Brings the file to the last of <paramref name="steps"/> (<see cref="All"/> in production; tests pass a
    /// prefix to make an older file, or an extra step to exercise an upgrade).</summary>
    /// <exception cref="PipelineException">Kind External: the file is newer than this build knows.</exception>
    public static void Apply(DuckDBConnection connection, IReadOnlyList<HistoryMigration> steps, string description)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)");
        int current = CurrentVersion(connection);
        int latest = steps.Count == 0 ? 0 : steps[^1].Version;
        if (current > latest)
            throw new PipelineException(PipelineErrorKind.External,
                $"{description}: written by a newer Pipeline (history schema version {current}; this one knows up to {latest})");
        foreach (var step in steps.Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            foreach (var statement in step.Sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                Execute(connection, statement);
            using var record = connection.CreateCommand();
            record.CommandText = "INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)";
            record.Parameters.Add(new DuckDBParameter(step.Version));
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The version a file is at (0 for a new file).</summary>
    public static int CurrentVersion(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
