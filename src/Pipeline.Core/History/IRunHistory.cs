namespace Pipeline.Core.History;

/// <summary>
/// The run history: a store of <see cref="RunRecord"/>s keyed by dataset. Implemented over an embedded database at the
/// edges (<c>Databases/History</c>); Hosting hands it to the run, so the engine never knows the driver.
/// </summary>
public interface IRunHistory
{
    /// <summary>Appends a run in one transaction and returns the drift baseline: the newest earlier run of the same
    /// dataset that completed (status other than <c>error</c>) and recorded column metrics, with its columns; read under
    /// the same writer lock, so two concurrent runs each see a consistent predecessor.</summary>
    RunRecord? Append(RunRecord run);

    /// <summary>The dataset's runs that completed (status other than <c>error</c>), newest first, at most
    /// <paramref name="limit"/>, each with its inputs and column metrics: the series anomaly detection and the drift
    /// baselines learn from.</summary>
    IReadOnlyList<RunRecord> Recent(string dataset, int limit);

    /// <summary>The dataset's oldest run that completed and recorded column metrics, with its columns (the
    /// <c>first</c> baseline); null when none.</summary>
    RunRecord? First(string dataset);

    /// <summary>Runs, newest first, of one dataset or of all (<paramref name="dataset"/> null), at most <paramref name="limit"/>.</summary>
    IReadOnlyList<RunRecord> List(string? dataset, int limit);

    /// <summary>The run whose id is <paramref name="runId"/> or starts with it (an unambiguous prefix), with its columns; null when none.</summary>
    RunRecord? Find(string runId);

    /// <summary>Deletes runs: per dataset all but the newest <paramref name="keep"/>, and those started before
    /// <paramref name="olderThan"/>. Returns how many runs were deleted.</summary>
    int Prune(int? keep, DateTimeOffset? olderThan);
}
