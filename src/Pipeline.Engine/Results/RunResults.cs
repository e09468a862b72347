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
    /// <summary>The id under which the run is recorded in the run history (docs/history.md); null when history is off.</summary>
    public string? RunId { get; init; }
    /// <summary>The dataset the run is recorded under in the run history; null when history is off.</summary>
    public string? Dataset { get; init; }
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

    /// <summary>The run's steps, in the order they ran (one step for a spec without <c>steps:</c>).</summary>
    public IReadOnlyList<StepResult> Steps { get; init; } = [];
    /// <summary>Every cleaned column: changes per step and statistics before and after (empty without <c>clean:</c>).</summary>
    public IReadOnlyList<CleaningResult> Cleaning { get; init; } = [];

    /// <summary>What each enrichment of <c>enrich:</c> added or masked, in the order written.</summary>
    public IReadOnlyList<EnrichResult> Enrich { get; init; } = [];
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
    /// <summary>Columns whose values moved against the baseline run of the same dataset (run history); empty when
    /// there is no baseline, or the run or its baseline did not profile.</summary>
    public IReadOnlyList<DriftResult> Drift { get; init; } = [];
    /// <summary>Columns added, removed or retyped since the baseline run (run history).</summary>
    public IReadOnlyList<SchemaChangeResult> SchemaChanges { get; init; } = [];
    /// <summary>Metrics of this run (row count, null fractions, means) outside the range earlier runs of the dataset
    /// lead to expect (run history); empty until enough runs are recorded.</summary>
    public IReadOnlyList<AnomalyResult> Anomalies { get; init; } = [];
    /// <summary>Alerts sent for the run's events (spec <c>alerts:</c>); empty when none was due.</summary>
    public IReadOnlyList<AlertResult> Alerts { get; init; } = [];
    /// <summary>What <see cref="Drift"/> and <see cref="SchemaChanges"/> compared with; null without a baseline.</summary>
    public BaselineResult? Baseline { get; init; }
    /// <summary>What the optimize stage chose from the dataset's earlier runs (batch size, with the reason) and what it
    /// recommends; null when the run keeps no history.</summary>
    public Optimize.TuningDecision? Tuning { get; init; }
    /// <summary>Bytes written to spill files by operators that ran out of memory budget.</summary>
    public long SpilledBytes { get; init; }
    /// <summary>The error, when <see cref="Status"/> is <c>error</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ErrorResult? Error { get; init; }
}
