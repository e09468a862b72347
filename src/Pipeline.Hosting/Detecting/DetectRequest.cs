using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Detecting;

/// <summary>What <c>pipeline detect</c> (or a host) asks <see cref="DetectRunner"/> to score.</summary>
public sealed record DetectRequest
{
    /// <summary>Input file, folder or glob.</summary>
    public required string Input { get; init; }
    /// <summary>The time column.</summary>
    public required string TimeColumn { get; init; }
    /// <summary>One or more value columns; several write one scores file each.</summary>
    public required IReadOnlyList<string> ValueColumns { get; init; }
    /// <summary>A column whose values split the rows into separate series, or null.</summary>
    public string? GroupColumn { get; init; }
    /// <summary>The output folder.</summary>
    public required string OutputFolder { get; init; }
    /// <summary>The detector's name (<see cref="Engine.Analyze.Detect.AnomalyDetectorRegistry"/>).</summary>
    public string Detector { get; init; } = Engine.Analyze.Detect.AnomalyDetectorRegistry.DefaultName;
    /// <summary>The score from which rows form an episode.</summary>
    public double Threshold { get; init; } = Engine.Analyze.Detect.AnomalyEpisodes.DefaultThreshold;
    /// <summary>How the input is read.</summary>
    public SourceOptions? Source { get; init; }
}
