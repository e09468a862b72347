namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>relative_rate_of_change</c>: the ratio of the value to the previous one must lie between
/// <see cref="MaxDecrease"/> (e.g. 0.5: at most halved) and <see cref="MaxIncrease"/> (e.g. 2.0: at most doubled).
/// Deequ's RelativeRateOfChangeStrategy. A previous value of zero expects zero (any ratio of zero is undefined).
/// </summary>
/// <param name="MaxDecrease">Smallest allowed ratio (0 to 1), or null for none.</param>
/// <param name="MaxIncrease">Largest allowed ratio (1 or more), or null for none.</param>
public sealed record RelativeRateOfChangeStrategy(double? MaxDecrease, double? MaxIncrease) : IAnomalyStrategy
{
    /// <inheritdoc />
    public string Name => "relative_rate_of_change";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) return null;
        double last = history[^1];
        if (last == 0) return new ExpectedRange(MaxDecrease is null ? double.NegativeInfinity : 0, MaxIncrease is null ? double.PositiveInfinity : 0);
        double a = MaxDecrease is { } down ? last * down : double.NegativeInfinity;
        double b = MaxIncrease is { } up ? last * up : double.PositiveInfinity;
        // A negative previous value turns the ratios' order around.
        return last > 0 ? new ExpectedRange(a, b) : new ExpectedRange(Math.Min(b, a), Math.Max(a, b));
    }
}
