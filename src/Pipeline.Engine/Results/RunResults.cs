using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>
/// The machine-readable record of a run, written as <c>results.json</c> in the run folder. Keys are snake_case and
/// stable; new keys may be added, existing ones are not renamed or removed without bumping <see cref="SchemaVersion"/>'s
/// major number. Documented in <c>docs/results-schema.md</c>.
/// </summary>
public sealed record RunResults
{
    /// <summary>Current version of this document's schema.</summary>
    public const string CurrentSchemaVersion = "1.0";

    /// <summary>Schema version of this document (<c>major.minor</c>).</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary><c>ok</c>, <c>checks_failed</c> or <c>error</c>.</summary>
    public required string Status { get; init; }
    /// <summary>Pipeline version that wrote the file.</summary>
    public required string PipelineVersion { get; init; }
    /// <summary>The command that ran (<c>run</c>, <c>convert</c>).</summary>
    public required string Command { get; init; }
    /// <summary>Absolute path of the spec file, when the run had one.</summary>
    public string? Spec { get; init; }
    /// <summary>UTC start time, ISO 8601.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>UTC end time, ISO 8601.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Wall-clock duration.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>Every input file with its size and content hash.</summary>
    public required IReadOnlyList<InputResult> Inputs { get; init; }
    /// <summary>Every output written (only when the run succeeded).</summary>
    public required IReadOnlyList<OutputResult> Outputs { get; init; }
    /// <summary>Row conservation: <c>read = written + quarantined</c>.</summary>
    public required RowCounts Rows { get; init; }
    /// <summary>Per-stage counts and timings, in flow order.</summary>
    public required IReadOnlyList<StageResult> Stages { get; init; }
    /// <summary>The schema the sinks received (null if the run failed before reading).</summary>
    public IReadOnlyList<ColumnResult>? Schema { get; init; }
    /// <summary>Quarantine summary.</summary>
    public required QuarantineResult Quarantine { get; init; }
    /// <summary>Sniff corrections: each time a reader had to start over with corrected settings.</summary>
    public required IReadOnlyList<string> Restarts { get; init; }
    /// <summary>What the reader of the results must know although the run went on (an input accepted as
    /// truncated, bytes replaced), each naming the input and where; empty when there is nothing to say.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The engine settings used.</summary>
    public required OptionsResult Options { get; init; }
    /// <summary>Every rule's outcome, in declaration order (empty when the run had no rules).</summary>
    public IReadOnlyList<RuleResult> Rules { get; init; } = [];
    /// <summary>Every cleaned column: changes per step and statistics before and after (empty without <c>clean:</c>).</summary>
    public IReadOnlyList<CleaningResult> Cleaning { get; init; } = [];
    /// <summary>Quality scores per column and for the table, with their weights (null when the run had neither rules nor cleaning).</summary>
    public QualityResult? Quality { get; init; }
    /// <summary>Absolute path of <c>profile.json</c> when the spec asked for a profile (<c>profile: true</c>).</summary>
    public string? Profile { get; init; }
    /// <summary>Findings ranked by score (report runs: <c>pipeline run DATA</c>, or a spec with <c>profile: true</c>).</summary>
    public IReadOnlyList<Insight> Insights { get; init; } = [];
    /// <summary>The executive, technical and operational readings of the run (report runs), else null.</summary>
    public RunNarrative? Narrative { get; init; }
    /// <summary>Absolute path of <c>report.html</c> when one was written.</summary>
    public string? Report { get; init; }
    /// <summary>Bytes written to spill files by operators that ran out of memory budget.</summary>
    public long SpilledBytes { get; init; }
    /// <summary>The error, when <see cref="Status"/> is <c>error</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ErrorResult? Error { get; init; }
}

/// <summary>One input file.</summary>
/// <param name="Path">Absolute path, or <c>-</c> for standard input.</param>
/// <param name="Format">Format name used to read it.</param>
/// <param name="Bytes">Size in bytes (null for standard input).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content (null for standard input).</param>
public sealed record InputResult(string Path, string Format, long? Bytes, string? Sha256);

/// <summary>One output.</summary>
/// <param name="Path">Absolute path, or <c>-</c> for standard output.</param>
/// <param name="Format">Format name.</param>
/// <param name="Bytes">Bytes written.</param>
public sealed record OutputResult(string Path, string Format, long Bytes);

/// <summary>Row counts of a run.</summary>
/// <param name="Read">Data rows read from the input, including rows rejected while reading.</param>
/// <param name="Written">Rows delivered to the sinks (each sink receives all of them).</param>
/// <param name="Quarantined">Rows rejected by any stage.</param>
/// <remarks>Conservation: <c>read = passed + quarantined + dropped</c>.</remarks>
public sealed record RowCounts(long Read, long Written, long Quarantined)
{
    /// <summary>Rows that left validation (all rows when there are no rules).</summary>
    public long Passed { get; init; }
    /// <summary>Rows removed by rules with <c>on_fail: drop</c>.</summary>
    public long Dropped { get; init; }
    /// <summary>Duplicate rows removed by <c>dedup:</c> (before validation); <c>read = written + quarantined + dropped + deduplicated</c>.</summary>
    public long Deduplicated { get; init; }
}

/// <summary>One stage of the run.</summary>
/// <param name="Name">Stage name (<c>read</c>, a transform's name, <c>write:PATH</c>).</param>
/// <param name="Kind"><c>source</c>, <c>transform</c>, <c>analyzer</c>, <c>operator</c> or <c>sink</c>.</param>
/// <param name="RowsIn">Rows that entered the stage.</param>
/// <param name="RowsOut">Rows the stage passed on.</param>
/// <param name="Seconds">Time spent in the stage, summed over workers.</param>
/// <param name="BytesIn">Bytes read (input file bytes for the source).</param>
/// <param name="BytesOut">Bytes written (file size for sinks).</param>
/// <param name="Batches">Batches processed.</param>
public sealed record StageResult(string Name, string Kind, long RowsIn, long RowsOut, double Seconds, long BytesIn, long BytesOut, long Batches);

/// <summary>One column of the output schema.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Arrow type name (e.g. <c>int64</c>, <c>utf8</c>, <c>timestamp[us, UTC]</c>).</param>
/// <param name="Nullable">Whether nulls are allowed.</param>
/// <param name="Metadata">Reader notes, e.g. the detected date format (<c>pipeline.format</c>).</param>
public sealed record ColumnResult(string Name, string Type, bool Nullable, IReadOnlyDictionary<string, string>? Metadata);

/// <summary>Quarantine summary.</summary>
/// <param name="Rows">Rows quarantined.</param>
/// <param name="File">Path of <c>quarantine.parquet</c>, when anything was quarantined and a run folder exists.</param>
/// <param name="ByStage">Rows quarantined per stage.</param>
/// <param name="Examples">Up to 10 first reasons, for a quick look.</param>
public sealed record QuarantineResult(long Rows, string? File, IReadOnlyDictionary<string, long> ByStage, IReadOnlyList<string> Examples);

/// <summary>Engine settings used by the run.</summary>
/// <param name="BatchSize">Rows per batch.</param>
/// <param name="Parallelism">Worker count.</param>
/// <param name="MemoryLimitBytes">Memory budget.</param>
/// <param name="SpillDir">Spill folder (null = run folder or temp).</param>
/// <param name="InferenceSampleRows">Rows sampled for type inference.</param>
/// <param name="TypeMismatch"><c>widen</c> or <c>quarantine</c>.</param>
public sealed record OptionsResult(int BatchSize, int Parallelism, long MemoryLimitBytes, string? SpillDir, int InferenceSampleRows, string TypeMismatch);

/// <summary>Why a run failed.</summary>
/// <param name="Kind">Error kind (<c>invalid_input</c>, <c>schema</c>, <c>resources_exhausted</c>, <c>external</c>, <c>internal</c>).</param>
/// <param name="Message">Message naming the file, row or column.</param>
public sealed record ErrorResult(string Kind, string Message);
