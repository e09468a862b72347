using Pipeline.Core.Streams;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// The analyzers a report needs beside the profiler, run in the same pass: per-group correlations (Simpson's
/// paradox), null patterns (mostly empty rows, the missing-value matrix), a bounded time series, per-key sums
/// (concentration) and a bounded row sample (segments, group shapes, cross-column rules; docs/insights.md). Each is bounded in
/// memory and mergeable. Create one set per run; after the run, <see cref="Collect"/> reads what they found.
/// </summary>
public sealed class ReportAnalyzers
{
    private readonly GroupCorrelationAnalyzer _groups = new();
    private readonly NullPatternAnalyzer _nulls = new();
    private readonly TimeSeriesAnalyzer _series = new();
    private readonly KeyMeasureAnalyzer _concentration = new();
    private readonly MissingByCategoryAnalyzer _missing = new();
    private readonly Sampling.TableSampleAnalyzer _sample = new();

    /// <summary>The analyzers to add to a run plan (these instances receive the merged state).</summary>
    public IReadOnlyList<IAnalyzer> All => [_groups, _nulls, _series, _concentration, _missing, _sample];

    /// <summary>What the analyzers found, once the run has merged them.</summary>
    public ReportData Collect() => new(_groups.Results(), _nulls.Result(), _series.Result())
    {
        Concentrations = _concentration.Results(),
        StructuralMissing = _missing.Results(),
        Sample = _sample.Result(),
    };
}

/// <summary>The data gathered for a report beside the profile.</summary>
/// <param name="GroupCorrelations">Correlations overall and within groups.</param>
/// <param name="Nulls">Null cells per row and null patterns.</param>
/// <param name="Series">The time-ordered series, when the table has a date or timestamp column and numeric columns.</param>
public sealed record ReportData(IReadOnlyList<GroupCorrelation> GroupCorrelations, NullPatterns Nulls, TimeSeriesSample? Series)
{
    /// <summary>Shares of each measure held by the top 1% of each key column's values.</summary>
    public IReadOnlyList<KeyConcentration> Concentrations { get; init; } = [];

    /// <summary>Columns missing exactly where another column holds some values (structural, not defects).</summary>
    public IReadOnlyList<StructuralMissing> StructuralMissing { get; init; } = [];

    /// <summary>Whole rows (all of a small table, a uniform sample of a large one) for the segment, group and
    /// cross-column analyses.</summary>
    public Sampling.TableSample Sample { get; init; } = Sampling.TableSample.Empty;

    /// <summary>Nothing gathered (a report from a profile alone).</summary>
    public static ReportData Empty { get; } = new([], new NullPatterns([], [0], 0, [], 0), null);
}
