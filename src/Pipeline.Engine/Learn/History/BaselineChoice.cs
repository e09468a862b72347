using Pipeline.Core.History;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>Picks the run (or pooled runs) a run's drift is measured against, as its <see cref="Baseline"/> asks.</summary>
public static class BaselineChoice
{
    /// <summary>The baseline record and how results.json names it; null when there is none yet, with a warning when
    /// the one asked for cannot be used.</summary>
    /// <param name="baseline">What was asked for.</param>
    /// <param name="dataset">The run's dataset.</param>
    /// <param name="earlier">The dataset's earlier completed runs, newest first.</param>
    /// <param name="volumeOneOffs">Earlier runs whose row count was a one-off outlier (skipped by <c>previous</c> and windows).</param>
    /// <param name="history">The store, for <c>first</c> and <c>run:ID</c>.</param>
    public static (RunRecord? Record, BaselineResult? Result, string? Warning) Choose(Baseline baseline, string dataset, IReadOnlyList<RunRecord> earlier,
        IReadOnlySet<string> volumeOneOffs, IRunHistory history)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(volumeOneOffs);
        ArgumentNullException.ThrowIfNull(history);
        var usable = earlier.Where(r => r.Columns.Count > 0 && !volumeOneOffs.Contains(r.RunId)).ToList();
        switch (baseline.Kind)
        {
            case BaselineKind.First:
                return history.First(dataset) is { } first ? (first, Result(baseline, first), null) : (null, null, null);
            case BaselineKind.Run:
                var found = history.Find(baseline.RunId!);
                if (found is null) return (null, null, $"history: baseline run '{baseline.RunId}' is not in the history; no drift was measured");
                if (found.Columns.Count == 0) return (null, null, $"history: baseline run '{found.RunId}' recorded no column metrics; no drift was measured");
                return (found, Result(baseline, found), null);
            case BaselineKind.Window:
                var window = usable.Take(baseline.Window).ToList();
                return window.Count == 0 ? (null, null, null) : (PooledRuns.Pool(window), new BaselineResult(baseline.ToString(), [.. window.Select(r => r.RunId)]), null);
            default:
                return usable.FirstOrDefault() is { } previous ? (previous, Result(baseline, previous), null) : (null, null, null);
        }
    }

    private static BaselineResult Result(Baseline baseline, RunRecord run) => new(baseline.ToString(), [run.RunId]);
}
