namespace Pipeline.Engine.Results;

/// <summary>A metric of this run outside the range its earlier runs lead to expect (<c>anomalies[]</c>).</summary>
/// <param name="Metric"><c>row_count</c>, <c>null_fraction</c> or <c>mean</c>.</param>
/// <param name="Column">The column, or null for a table metric (<c>row_count</c>).</param>
/// <param name="Value">This run's value.</param>
/// <param name="ExpectedLower">The smallest expected value (null: no lower bound).</param>
/// <param name="ExpectedUpper">The largest expected value (null: no upper bound).</param>
/// <param name="Strategy">The strategy that set the range (see docs/history.md).</param>
/// <param name="HistoryRuns">Earlier runs the range was learned from.</param>
/// <param name="Severity"><c>warning</c>: an anomaly informs, it does not change the run's status (an anomaly rule does).</param>
public sealed record AnomalyResult(string Metric, string? Column, double Value, double? ExpectedLower, double? ExpectedUpper,
    string Strategy, int HistoryRuns, string Severity)
{
    /// <summary>The lower bound, negative infinity when open.</summary>
    public double LowerOrOpen() => ExpectedLower ?? double.NegativeInfinity;

    /// <summary>The upper bound, positive infinity when open.</summary>
    public double UpperOrOpen() => ExpectedUpper ?? double.PositiveInfinity;

    /// <summary>The expected range in words: <c>a to b</c>, <c>at least a</c> or <c>at most b</c>.</summary>
    public string ExpectedText(Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return (ExpectedLower, ExpectedUpper) switch
        {
            ({ } lo, { } hi) => $"{format(lo)} to {format(hi)}",
            ({ } lo, null) => $"at least {format(lo)}",
            (null, { } hi) => $"at most {format(hi)}",
            _ => "any value",
        };
    }
}
