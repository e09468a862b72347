using Pipeline.Core.History;
using Pipeline.Databases.History;

namespace Pipeline.Databases.Tests;

/// <summary>The run's one read of its dataset's earlier runs (optimize and learn share it) over the real history file.</summary>
public class EarlierRunsCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pipeline-history-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Counts the reads of the earlier runs that reach the file.</summary>
    private sealed class CountingHistory(IRunHistory inner) : IRunHistory
    {
        public int RecentReads { get; private set; }
        public RunRecord? Append(RunRecord run) => inner.Append(run);
        public IReadOnlyList<RunRecord> Recent(string dataset, int limit) { RecentReads++; return inner.Recent(dataset, limit); }
        public RunRecord? First(string dataset) => inner.First(dataset);
        public IReadOnlyList<RunRecord> List(string? dataset, int limit) => inner.List(dataset, limit);
        public RunRecord? Find(string runId) => inner.Find(runId);
        public int Prune(int? keep, DateTimeOffset? olderThan) => inner.Prune(keep, olderThan);
    }

    private static RunRecord Run(string id, string dataset, int day) => new()
    {
        RunId = id, Dataset = dataset, Command = "run", Status = "ok",
        StartedAt = new DateTimeOffset(2024, 3, day, 6, 0, 0, TimeSpan.Zero), FinishedAt = new DateTimeOffset(2024, 3, day, 6, 1, 0, TimeSpan.Zero),
        DurationSeconds = 60, RowsRead = day, RowsWritten = day,
    };

    [Fact]
    public void The_earlier_runs_are_read_once_and_answer_every_smaller_request_as_the_file_would()
    {
        var file = new DuckDbRunHistory(Path.Combine(_dir, "history.duckdb"));
        for (int day = 1; day <= 6; day++) file.Append(Run($"s{day}", "sales", day));
        file.Append(Run("o1", "orders", 7));
        var counting = new CountingHistory(file);
        var cache = new EarlierRunsCache(counting, "sales", limit: 4);

        Assert.Equal(file.Recent("sales", 4).Select(r => r.RunId), cache.Recent("sales", 4).Select(r => r.RunId));
        Assert.Equal(file.Recent("sales", 2).Select(r => r.RunId), cache.Recent("sales", 2).Select(r => r.RunId));
        Assert.Equal(["s6", "s5", "s4", "s3"], cache.Earlier.Select(r => r.RunId));
        Assert.Equal(1, counting.RecentReads);

        // More than the cache holds, or another dataset: the file answers.
        Assert.Equal(6, cache.Recent("sales", 10).Count);
        Assert.Equal(["o1"], cache.Recent("orders", 5).Select(r => r.RunId));
        Assert.Equal(3, counting.RecentReads);
    }

    [Fact]
    public void A_dataset_with_fewer_runs_than_the_limit_is_answered_whole_from_the_cache()
    {
        var file = new DuckDbRunHistory(Path.Combine(_dir, "history.duckdb"));
        file.Append(Run("s1", "sales", 1));
        file.Append(Run("s2", "sales", 2));
        var counting = new CountingHistory(file);
        var cache = new EarlierRunsCache(counting, "sales", limit: 3);

        Assert.Equal(["s2", "s1"], cache.Recent("sales", 60).Select(r => r.RunId));
        Assert.Equal(["s2"], cache.Recent("sales", 1).Select(r => r.RunId));
        Assert.Equal(1, counting.RecentReads);
        // A run appended after the run started is not part of its comparison: it judges against what it started with.
        file.Append(Run("s3", "sales", 3));
        Assert.Equal(["s2", "s1"], cache.Recent("sales", 3).Select(r => r.RunId));
    }
}
