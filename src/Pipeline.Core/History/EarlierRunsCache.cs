namespace Pipeline.Core.History;

/// <summary>
/// A run history that reads one dataset's earlier runs once, when a run starts, and answers every later
/// <see cref="IRunHistory.Recent"/> for that dataset from what it read. The optimize stage (before the run) and the learn
/// stage (after the rows have flowed) both need the series; reading it twice opened the history file twice per run.
/// The run is therefore compared with the runs that had completed when it started; runs finishing meanwhile are
/// seen by the next run. Everything else goes to the store.
/// </summary>
public sealed class EarlierRunsCache : IRunHistory
{
    private readonly IRunHistory _store;
    private readonly string _dataset;
    private readonly int _limit;
    private IReadOnlyList<RunRecord>? _runs;

    /// <summary>A cache of <paramref name="dataset"/>'s newest <paramref name="limit"/> completed runs in <paramref name="store"/>.</summary>
    public EarlierRunsCache(IRunHistory store, string dataset, int limit)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        (_store, _dataset, _limit) = (store, dataset, limit);
    }

    /// <summary>The store behind the cache.</summary>
    public IRunHistory Store => _store;

    /// <summary>The dataset's earlier runs, newest first, read from the store on first use.</summary>
    public IReadOnlyList<RunRecord> Earlier => _runs ??= _store.Recent(_dataset, _limit);

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> Recent(string dataset, int limit)
    {
        // Served from the cache when it holds every run asked for: the limit fits, or the dataset has fewer runs.
        if (string.Equals(dataset, _dataset, StringComparison.Ordinal) && limit >= 0 && (limit <= _limit || Earlier.Count < _limit))
            return Earlier.Count <= limit ? Earlier : Earlier.Take(limit).ToList();
        return _store.Recent(dataset, limit);
    }

    /// <inheritdoc />
    public RunRecord? Append(RunRecord run) => _store.Append(run);

    /// <inheritdoc />
    public RunRecord? First(string dataset) => _store.First(dataset);

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> List(string? dataset, int limit) => _store.List(dataset, limit);

    /// <inheritdoc />
    public RunRecord? Find(string runId) => _store.Find(runId);

    /// <inheritdoc />
    public int Prune(int? keep, DateTimeOffset? olderThan) => _store.Prune(keep, olderThan);
}
