namespace Pipeline.Hosting.Running.History;

/// <summary>Where a run is recorded in the run history, and under which dataset.</summary>
/// <param name="Path">The history file (DuckDB).</param>
/// <param name="Dataset">The dataset name; null derives it (the spec's <c>name:</c>, else the input's file name without dates).</param>
public sealed record HistorySettings(string Path, string? Dataset = null)
{
    /// <summary>What drift is measured against (<c>--baseline</c>, the spec's <c>options.baseline</c>); default the previous run.</summary>
    public Core.History.Baseline Baseline { get; init; } = Core.History.Baseline.Previous;

    /// <summary>How many earlier runs anomaly detection and window baselines read (the newest).</summary>
    public int SeriesLength { get; init; } = 60;

    /// <summary>The dataset a run is recorded under: <see cref="Dataset"/>, else the spec's <c>name:</c>, else the
    /// input's file name without dates (docs/history.md).</summary>
    public string DatasetFor(string? specName, string input) => Dataset ?? specName ?? Engine.Learn.History.DatasetNames.FromInput(input);

    /// <summary>The store.</summary>
    public Databases.History.DuckDbRunHistory Open() => new(Path, LockTimeout);

    /// <summary>How long a run waits for another run's append before giving up with a warning.</summary>
    public TimeSpan LockTimeout { get; init; } = Databases.History.DuckDbRunHistory.DefaultLockTimeout;
}
