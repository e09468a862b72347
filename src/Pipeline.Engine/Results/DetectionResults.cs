namespace Pipeline.Engine.Results;

/// <summary>
/// <c>results.json</c> of <c>pipeline detect</c>: what was scored, with which detector, the score files written and
/// the anomalous episodes found (documented in docs/results-schema.md, "pipeline detect").
/// </summary>
public sealed record DetectionResults
{
    /// <summary>Version of this document's schema.</summary>
    public string SchemaVersion { get; init; } = "1.0";
    /// <summary>Always <c>detect</c>.</summary>
    public string Command { get; init; } = "detect";
    /// <summary><c>ok</c>.</summary>
    public required string Status { get; init; }
    /// <summary>Pipeline version that wrote the file.</summary>
    public required string PipelineVersion { get; init; }
    /// <summary>UTC start time.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>UTC end time.</summary>
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Wall-clock duration.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>The input as given.</summary>
    public required string Input { get; init; }
    /// <summary>Rows read.</summary>
    public required int Rows { get; init; }
    /// <summary>The detector's name.</summary>
    public required string Detector { get; init; }
    /// <summary>The score from which a row belongs to an episode.</summary>
    public required double Threshold { get; init; }
    /// <summary>The time column.</summary>
    public required string TimeColumn { get; init; }
    /// <summary>The group column, or null.</summary>
    public string? GroupColumn { get; init; }
    /// <summary>One entry per value column and group.</summary>
    public required IReadOnlyList<DetectedSeriesResult> Series { get; init; }
    /// <summary>Every episode, by value column, group, then time.</summary>
    public required IReadOnlyList<AnomalyEpisodeResult> Anomalies { get; init; }
}

/// <summary>One scored series.</summary>
/// <param name="ValueColumn">The value column.</param>
/// <param name="Group">The group key, or null without a group column.</param>
/// <param name="Rows">Rows in the series.</param>
/// <param name="ScoresFile">Absolute path of the scores file holding its rows.</param>
/// <param name="Episodes">How many episodes it has.</param>
/// <param name="MaxScore">Its highest score.</param>
public sealed record DetectedSeriesResult(string ValueColumn, string? Group, int Rows, string ScoresFile, int Episodes, double MaxScore);

/// <summary>An anomalous episode (<c>anomalies[]</c> of <c>pipeline detect</c>).</summary>
/// <param name="ValueColumn">The value column.</param>
/// <param name="Group">The group key, or null.</param>
/// <param name="Start">Time of its first row (ISO 8601, UTC).</param>
/// <param name="End">Time of its last row.</param>
/// <param name="Peak">Time of its highest-scoring row.</param>
/// <param name="PeakScore">That row's score.</param>
/// <param name="PeakValue">That row's value.</param>
public sealed record AnomalyEpisodeResult(string ValueColumn, string? Group, string Start, string End, string Peak, double PeakScore, double PeakValue);
