using Pipeline.Core.Options;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Settings of the column profiler. Every default is documented in <c>docs/profile-schema.md</c>.</summary>
public sealed record ProfileOptions
{
    /// <summary>How much is computed (<c>--level</c>). Default <see cref="ProfileLevel.Full"/>.</summary>
    public ProfileLevel Level { get; init; } = ProfileLevel.Full;

    /// <summary>Top values reported per column. Default 10.</summary>
    public int TopValues { get; init; } = 10;

    /// <summary>Distinct values counted exactly per column before switching to sketches (HyperLogLog for the count,
    /// SpaceSaving for top values). Default 10,000.</summary>
    public int ExactDistinctLimit { get; init; } = 10_000;

    /// <summary>Rows kept in the deterministic sample used for Spearman and Cramér's V (the rows with the smallest row
    /// hashes, so the sample is mergeable and the same at any parallelism). Default 20,000 (Spearman's standard error
    /// on 20,000 rows is below 0.01).</summary>
    public int SampleRows { get; init; } = 20_000;

    /// <summary>Row hashes kept for the exact duplicate-row count; past this the count becomes a HyperLogLog estimate
    /// and is marked approximate. Default 20,000,000 (at most about 480 MB of hash table, 8-byte slots).</summary>
    public int DuplicateHashLimit { get; init; } = 20_000_000;

    /// <summary>Columns with more distinct values than this are not used for Cramér's V. Default 100.</summary>
    public int CategoricalLimit { get; init; } = 100;

    /// <summary>The time "now" for future-date checks (UTC). Default: when the profile starts.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// These options bounded by a run's memory budget, the one policy every door applies (CLI <c>profile</c> and
    /// <c>run</c>, specs, .NET): row hashes for the in-memory duplicate count get a sixteenth of the budget per worker
    /// (at most ~24 bytes each in an Int64HashSet: 8-byte slots, 35-70% full, a sub-table briefly doubled while it
    /// grows); past that the one-pass count is an estimate, marked approximate. Never below 1,000 hashes, never above
    /// <see cref="DuplicateHashLimit"/>.
    /// </summary>
    public ProfileOptions WithinBudget(PipelineOptions engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        int workers = Math.Max(1, engine.MaxDegreeOfParallelism);
        return this with { DuplicateHashLimit = (int)Math.Clamp(engine.MemoryLimit / 16 / workers / 24, 1_000, DuplicateHashLimit) };
    }
}
