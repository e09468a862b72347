namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary><c>simple_thresholds</c>: fixed bounds, whatever the history (Deequ's SimpleThresholdStrategy).</summary>
/// <param name="Lower">Smallest allowed value, or null for none.</param>
/// <param name="Upper">Largest allowed value, or null for none.</param>
public sealed record SimpleThresholdStrategy(double? Lower, double? Upper) : IAnomalyStrategy
{
    /// <inheritdoc />
    public string Name => "simple_thresholds";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
        => new ExpectedRange(Lower ?? double.NegativeInfinity, Upper ?? double.PositiveInfinity);
}
