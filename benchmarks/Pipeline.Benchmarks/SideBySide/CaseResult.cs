namespace Pipeline.Benchmarks.SideBySide;

/// <summary>The outcome of one case: its timings, or why there are none.</summary>
/// <param name="Case">The case.</param>
/// <param name="Seconds">Wall-clock seconds of each timed run (the warm-up excluded); empty when it did not run.</param>
/// <param name="Problem">Null when every run succeeded with the expected rows; otherwise "not available: ...",
/// "failed: ..." or a row-count mismatch.</param>
public sealed record CaseResult(BenchCase Case, IReadOnlyList<double> Seconds, string? Problem)
{
    /// <summary>The best (smallest) time, or null when there is no valid measurement.</summary>
    public double? Best => Problem is null && Seconds.Count > 0 ? Seconds.Min() : null;
}
