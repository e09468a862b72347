namespace Pipeline.Core.History;

/// <summary>
/// One run as the history store keeps it: what ran, over which inputs, with what counts, and the per-column metrics
/// of its profile (empty when the run did not profile). A plain record so that the store (Databases) and the drift
/// math (Engine) share it without either knowing the other.
/// </summary>
public sealed record RunRecord
{
    /// <summary>The run's id (a version 7 GUID: ordered by time), also written to <c>results.json</c> as <c>run_id</c>.</summary>
    public required string RunId { get; init; }
    /// <summary>The dataset the run belongs to (see <c>docs/history.md</c> for how it is named).</summary>
    public required string Dataset { get; init; }
    /// <summary>The command that ran (<c>run</c>, <c>validate</c>, <c>profile</c>).</summary>
    public required string Command { get; init; }
    /// <summary>The run's status as in <c>results.json</c> (<c>ok</c>, <c>checks_failed</c>, <c>error</c>, ...).</summary>
    public required string Status { get; init; }
    /// <summary>UTC start.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>UTC end.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Wall-clock seconds.</summary>
    public double DurationSeconds { get; init; }
    /// <summary>Rows read from the inputs.</summary>
    public long RowsRead { get; init; }
    /// <summary>Rows delivered to the sinks.</summary>
    public long RowsWritten { get; init; }
    /// <summary>Rows quarantined.</summary>
    public long RowsQuarantined { get; init; }
    /// <summary>The inputs with their sizes and hashes.</summary>
    public IReadOnlyList<RunInputRecord> Inputs { get; init; } = [];
    /// <summary>Rows per batch the run used (null in runs recorded before history schema version 3).</summary>
    public int? BatchSize { get; init; }
    /// <summary>Workers the run used (null in runs recorded before history schema version 3).</summary>
    public int? Parallelism { get; init; }
    /// <summary>The memory limit in bytes the run had (null before history schema version 3).</summary>
    public long? MemoryLimitBytes { get; init; }
    /// <summary>Bytes the run's operators spilled past the memory limit (null before history schema version 3).</summary>
    public long? SpilledBytes { get; init; }
    /// <summary>Per-column metrics in column order; empty when the run did not profile.</summary>
    public IReadOnlyList<ColumnMetrics> Columns { get; init; } = [];
}
