namespace Pipeline.Engine.Partitioned;

/// <summary>
/// The mergeable state of one partition's run (one leaf of a <see cref="RunState"/>): which range of which file it
/// read, the run's row counts (in total and per stage), quarantine counts and files, the null counts of the quality
/// score, every rule's counts (<see cref="RuleState"/>), and the profile state when the run profiled.
/// </summary>
public sealed record PartitionState
{
    /// <summary>The file read.</summary>
    public required string File { get; init; }
    /// <summary><c>row_groups</c>, <c>bytes</c>, <c>whole</c> (the whole input), or <c>order</c> (a profile.state
    /// that knows no range: <see cref="Start"/> is its place in row order).</summary>
    public required string Unit { get; init; }
    /// <summary>First row group or byte offset (0 for a whole input).</summary>
    public long Start { get; init; }
    /// <summary>End row group or byte offset, exclusive (<see cref="long.MaxValue"/>: to the end).</summary>
    public long End { get; init; } = long.MaxValue;
    /// <summary>The command that ran (<c>profile</c>, <c>validate</c>, <c>run</c>, <c>ipc</c>).</summary>
    public required string Command { get; init; }
    /// <summary>When the run started (the clock <c>fresh_within</c> and <c>not_future</c> are judged by).</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>The run's status (<c>ok</c>, <c>checks_failed</c>, <c>truncated_input</c>).</summary>
    public required string Status { get; init; }
    /// <summary>The input schema as Arrow IPC schema bytes (empty when unknown).</summary>
    public byte[] SchemaBytes { get; init; } = [];
    /// <summary>The rules checked, as JSON (empty: none).</summary>
    public string RulesJson { get; init; } = "";
    /// <summary>Rows read, written, passed, quarantined, dropped and deduplicated.</summary>
    public long Read { get; init; }
    /// <summary>Rows written.</summary>
    public long Written { get; init; }
    /// <summary>Rows that passed validation.</summary>
    public long Passed { get; init; }
    /// <summary>Rows quarantined.</summary>
    public long Quarantined { get; init; }
    /// <summary>Rows dropped by <c>on_fail: drop</c>.</summary>
    public long Dropped { get; init; }
    /// <summary>Rows removed by <c>dedup:</c>.</summary>
    public long Deduplicated { get; init; }
    /// <summary>Quarantined rows per stage.</summary>
    public IReadOnlyDictionary<string, long> QuarantineByStage { get; init; } = new Dictionary<string, long>();
    /// <summary>The quarantine files written (absolute paths).</summary>
    public IReadOnlyList<string> QuarantineFiles { get; init; } = [];
    /// <summary>Rows in and out per stage, by stage name and kind.</summary>
    public IReadOnlyList<(string Name, string Kind, long In, long Out)> Stages { get; init; } = [];
    /// <summary>Rows the quality score's null counts saw (-1: the run counted none).</summary>
    public long NullRows { get; init; } = -1;
    /// <summary>Nulls per column of the quality score.</summary>
    public IReadOnlyDictionary<string, long> Nulls { get; init; } = new Dictionary<string, long>();
    /// <summary>Every rule's counts, in the order of <see cref="RulesJson"/>.</summary>
    internal IReadOnlyList<RuleState> Rules { get; init; } = [];
    /// <summary>The profile state (<see cref="Analyze.Profile.ProfileStateFile"/> bytes), or null without a profile.</summary>
    public byte[]? Profile { get; init; }

    /// <summary>How the partition shows in messages: <c>FILE</c> or <c>FILE --row-groups 0:3</c>.</summary>
    public string Label => Unit switch
    {
        "row_groups" => $"{File} --row-groups {Range}",
        "bytes" => $"{File} --byte-range {Range}",
        _ => File,
    };

    private string Range => $"{Start}:{(End == long.MaxValue ? "" : End)}";

    /// <summary>Where the partition comes in row order: by file, then range (profile.state partitions by their place).</summary>
    internal (string File, long Start, long End) OrderKey => Unit == "order" ? ("", Start, End) : (File, Start, End);

    /// <summary>Whether this partition and <paramref name="other"/> read some of the same rows.</summary>
    public bool Overlaps(PartitionState other)
        => Unit == "order" || other.Unit == "order"
            ? Unit == other.Unit && Start == other.Start
            : string.Equals(File, other.File, StringComparison.Ordinal)
           && Start < End && other.Start < other.End
           && (Unit == "whole" || other.Unit == "whole" || (Unit == other.Unit && Start < other.End && other.Start < End));
}
