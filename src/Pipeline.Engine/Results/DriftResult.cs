namespace Pipeline.Engine.Results;

/// <summary>A column whose values moved against the baseline by more than a metric's threshold (<c>drift[]</c>).</summary>
/// <param name="Column">The column.</param>
/// <param name="Metric"><c>psi</c> and <c>ks</c> (numeric distribution), <c>js_distance</c> and <c>chi_square</c>
/// (category mix), <c>null_fraction_change</c> or <c>distinct_change</c>.</param>
/// <param name="Value">The metric's value (for the null fraction, the absolute change; for <c>ks</c>, the statistic D;
/// for <c>chi_square</c>, Cramér's V).</param>
/// <param name="Threshold">The threshold it passed (the default, or higher where the samples are too small for it).</param>
/// <param name="BaselineRun">The run id compared with (the newest of a window).</param>
/// <param name="Severity"><c>warning</c>: drift is reported, it does not fail the run (a drift rule does).</param>
public sealed record DriftResult(string Column, string Metric, double Value, double Threshold, string BaselineRun, string Severity)
{
    /// <summary>The test's p-value, for <c>ks</c> and <c>chi_square</c>; null for the distances.</summary>
    public double? PValue { get; init; }
}
