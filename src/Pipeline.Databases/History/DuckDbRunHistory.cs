using System.Data.Common;
using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Core.History;

namespace Pipeline.Databases.History;

/// <summary>
/// The run history in an embedded DuckDB file. Every call takes the file's writer lock (<see cref="HistoryLock"/>),
/// opens the file, migrates it to the current schema, works, and closes it again, so no run keeps the file open
/// while it reads data and other runs only ever wait for another run's short append.
/// </summary>
public sealed class DuckDbRunHistory : IRunHistory
{
    private readonly string _path;
    private readonly TimeSpan _lockTimeout;

    /// <summary>How long a run waits for another run's append by default.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>A history in the file at <paramref name="path"/> (created, with its folder, on first append).</summary>
    /// <param name="path">The DuckDB file.</param>
    /// <param name="lockTimeout">How long to wait for another writer; default <see cref="DefaultLockTimeout"/>.</param>
    public DuckDbRunHistory(string path, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? DefaultLockTimeout;
    }

    /// <summary>The history file (absolute).</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public RunRecord? Append(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WithConnection(create: true, connection =>
        {
            var previous = HistoryQueries.Latest(connection, run.Dataset);
            // One transaction: a killed run leaves either all of its rows or none.
            using var transaction = connection.BeginTransaction();
            HistoryWriter.Insert(connection, run);
            transaction.Commit();
            return previous is null ? null : HistoryQueries.WithColumns(connection, previous);
        })!;
    }

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> Recent(string dataset, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        return WithConnection(create: false, connection =>
            HistoryQueries.Completed(connection, dataset, limit).Select(r => HistoryQueries.WithColumns(connection, r)).ToList()) ?? [];
    }

    /// <inheritdoc />
    public RunRecord? First(string dataset)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        return WithConnection(create: false, connection =>
            HistoryQueries.Earliest(connection, dataset) is { } run ? HistoryQueries.WithColumns(connection, run) : null);
    }

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> List(string? dataset, int limit)
        => WithConnection(create: false, connection => HistoryQueries.List(connection, dataset, limit)) ?? [];

    /// <inheritdoc />
    public RunRecord? Find(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return WithConnection(create: false, connection =>
            HistoryQueries.Find(connection, runId, _path) is { } run ? HistoryQueries.WithColumns(connection, run) : null);
    }

    /// <inheritdoc />
    public int Prune(int? keep, DateTimeOffset? olderThan)
        => WithConnection(create: false, connection =>
        {
            using var transaction = connection.BeginTransaction();
            int deleted = HistoryWriter.Prune(connection, keep, olderThan);
            transaction.Commit();
            return (int?)deleted;
        }) ?? 0;

    /// <summary>Runs <paramref name="work"/> on the open, migrated file under the writer lock; default when the file
    /// does not exist and <paramref name="create"/> is false (reading an absent history finds nothing).</summary>
    private T? WithConnection<T>(bool create, Func<DuckDBConnection, T> work)
    {
        using var held = HistoryLock.Take(_path, _lockTimeout);
        if (!create && !File.Exists(_path)) return default;
        DuckDBConnection connection;
        try
        {
            connection = new DuckDBConnection($"Data Source={_path}");
            connection.Open();
        }
        catch (DbException ex)
        {
            throw new PipelineException(PipelineErrorKind.External, $"history {_path}: cannot open: {ex.Message}", ex);
        }
        using (connection)
        {
            try
            {
                HistoryMigrations.Apply(connection, HistoryMigrations.All, $"history {_path}");
                return work(connection);
            }
            catch (DbException ex)
            {
                throw new PipelineException(PipelineErrorKind.External, $"history {_path}: {ex.Message}", ex);
            }
        }
    }
}
