namespace Pipeline.Engine.Results;

/// <summary>A column whose values moved against the baseline run by more than a metric's threshold (<c>drift[]</c>).</summary>
/// <param name="Column">The column.</param>
/// <param name="Metric"><c>psi</c> (numeric distribution), <c>js_distance</c> (category mix) or <c>null_fraction_change</c>.</param>
/// <param name="Value">The metric's value (for the null fraction, the absolute change).</param>
/// <param name="Threshold">The threshold it passed (the default, or higher where the samples are too small for it).</param>
/// <param name="BaselineRun">The run id compared with.</param>
/// <param name="Severity"><c>warning</c>: drift is reported, it does not fail the run.</param>
public sealed record DriftResult(string Column, string Metric, double Value, double Threshold, string BaselineRun, string Severity);
