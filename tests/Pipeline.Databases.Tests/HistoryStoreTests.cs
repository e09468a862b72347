using DuckDB.NET.Data;
using Pipeline.Core.Errors;
using Pipeline.Core.History;
using Pipeline.Databases.History;

namespace Pipeline.Databases.Tests;

/// <summary>The history file: round trip, baseline choice, pruning, and the schema's migration path.</summary>
public class HistoryStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File_ => Path.Combine(_dir, "h", "history.duckdb");

    private static RunRecord Run(string id, string dataset, int day, string status = "ok", bool columns = true) => new()
    {
        RunId = id, Dataset = dataset, Command = "run", Status = status,
        StartedAt = new DateTimeOffset(2024, 3, day, 6, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2024, 3, day, 6, 1, 0, TimeSpan.Zero),
        DurationSeconds = 60, RowsRead = 100 + day, RowsWritten = 100 + day,
        Inputs = [new RunInputRecord($"/in/{dataset}_{day}.csv", 1234, "ab12")],
        Columns = columns
            ? [new ColumnMetrics
            {
                Name = "amount", Type = "double", Kind = "numeric", SemanticType = "numeric", Rows = 100, Nulls = 5, DistinctEstimate = 90, Min = "1", Max = "9",
                Mean = 5, Stddev = 2, Quantiles = [1, 2, 3, 5, 7, 8, 9], TopValues = [new("5", 3), new("quote \" and ,", 2)],
            }]
            : [],
    };

    [Fact]
    public void A_run_comes_back_as_it_was_written_and_the_baseline_is_the_latest_completed_profiled_run()
    {
        var store = new DuckDbRunHistory(File_);
        Assert.Null(store.Append(Run("a1", "sales", 1)));
        Assert.Equal("a1", store.Append(Run("a2", "sales", 2, status: "error"))!.RunId);
        Assert.Equal("a1", store.Append(Run("a3", "sales", 3, columns: false))!.RunId);
        Assert.Null(store.Append(Run("b1", "orders", 4)));
        var baseline = store.Append(Run("a4", "sales", 5))!;
        Assert.Equal("a1", baseline.RunId);
        Assert.Equal(Run("a1", "sales", 1).Columns, baseline.Columns, new MetricsComparer());

        Assert.Equal(["a4", "a3", "a2", "a1"], store.List("sales", 10).Select(r => r.RunId));
        Assert.Equal(5, store.List(null, 10).Count);
        var found = store.Find("a3")!;
        Assert.Equal(Run("a3", "sales", 3).Inputs, found.Inputs);
        Assert.Equal(Run("a3", "sales", 3).StartedAt, found.StartedAt);
        Assert.Throws<PipelineException>(() => store.Find("a"));

        Assert.Equal(2, store.Prune(keep: 2, olderThan: null));
        Assert.Equal(["a4", "a3"], store.List("sales", 10).Select(r => r.RunId));
        Assert.Equal(1, store.Prune(keep: null, olderThan: new DateTimeOffset(2024, 3, 4, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(["a4", "b1"], store.List(null, 10).Select(r => r.RunId));
    }

    [Fact]
    public void An_older_file_is_upgraded_step_by_step_and_keeps_its_runs()
    {
        var store = new DuckDbRunHistory(File_);
        store.Append(Run("a1", "sales", 1));
        // A later schema step (what the next version will ship) applied to this file.
        int latest = HistoryMigrations.Latest;
        var next = new HistoryMigration(latest + 1, "ALTER TABLE runs ADD COLUMN note VARCHAR; UPDATE runs SET note = 'migrated'");
        using (var connection = new DuckDBConnection($"Data Source={File_}"))
        {
            connection.Open();
            Assert.Equal(latest, HistoryMigrations.CurrentVersion(connection));
            HistoryMigrations.Apply(connection, [.. HistoryMigrations.All, next], "test");
            Assert.Equal(latest + 1, HistoryMigrations.CurrentVersion(connection));
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT note FROM runs WHERE run_id = 'a1'";
            Assert.Equal("migrated", command.ExecuteScalar());
            // Applying again changes nothing.
            HistoryMigrations.Apply(connection, [.. HistoryMigrations.All, next], "test");
            Assert.Equal(latest + 1, HistoryMigrations.CurrentVersion(connection));
        }
        // This build knows only up to the latest version: it refuses the newer file instead of writing into it.
        var error = Assert.Throws<PipelineException>(() => store.List(null, 10));
        Assert.Contains("newer Pipeline", error.Message);
    }

    [Fact]
    public void A_file_of_the_first_schema_version_is_migrated_and_its_runs_read()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File_)!);
        using (var connection = new DuckDBConnection($"Data Source={File_}"))
        {
            connection.Open();
            HistoryMigrations.Apply(connection, [HistoryMigrations.All[0]], "test");
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO runs VALUES ('v1run', 'sales', 'run', 'ok', TIMESTAMP '2024-03-01', TIMESTAMP '2024-03-01', 1.5, 10, 10, 0);
                INSERT INTO column_metrics VALUES ('v1run', 0, 'amount', 'double', 'numeric', 10, 1, 9, '1', '9', 5, 2,
                    1, 1, 3, 5, 7, 9, 9, '[["5",2]]')
                """;
            command.ExecuteNonQuery();
        }
        var store = new DuckDbRunHistory(File_);
        var run = store.Find("v1run")!;
        var column = Assert.Single(run.Columns);
        Assert.Equal(("amount", 9L, (string?)null), (column.Name, column.DistinctEstimate, column.SemanticType));
        // The migrated file takes new runs with the columns the first version lacked.
        store.Append(Run("a2", "sales", 2));
        Assert.Equal("numeric", store.Find("a2")!.Columns[0].SemanticType);
        Assert.Equal(["a2", "v1run"], store.Recent("sales", 10).Select(r => r.RunId));
    }

    [Fact]
    public void A_writer_waits_for_the_lock_and_gives_up_clearly_after_its_timeout()
    {
        var store = new DuckDbRunHistory(File_, TimeSpan.FromMilliseconds(200));
        using (HistoryLock.Take(File_, TimeSpan.FromSeconds(1)))
        {
            var error = Assert.Throws<PipelineException>(() => store.Append(Run("a1", "sales", 1)));
            Assert.Contains("another run held it", error.Message);
        }
        Assert.Null(store.Append(Run("a1", "sales", 1)));
    }

    [Fact]
    public async Task Concurrent_appends_are_all_recorded()
    {
        var store = new DuckDbRunHistory(File_);
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => store.Append(Run($"r{i}", "sales", i)))));
        Assert.Equal(8, store.List("sales", 100).Count);
    }

    private sealed class MetricsComparer : IEqualityComparer<ColumnMetrics>
    {
        public bool Equals(ColumnMetrics? x, ColumnMetrics? y)
            => x!.Name == y!.Name && x.Type == y.Type && x.Rows == y.Rows && x.Nulls == y.Nulls && x.Min == y.Min && x.Mean == y.Mean
               && x.Quantiles.SequenceEqual(y.Quantiles) && x.TopValues.SequenceEqual(y.TopValues);

        public int GetHashCode(ColumnMetrics obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
