namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>absolute_change</c>: the value may move from the previous one by at most <see cref="MaxDecrease"/> down and
/// <see cref="MaxIncrease"/> up (both magnitudes; null leaves that side open). Deequ's AbsoluteChangeStrategy (order 1).
/// </summary>
/// <param name="MaxDecrease">Largest allowed fall, as a positive amount.</param>
/// <param name="MaxIncrease">Largest allowed rise.</param>
public sealed record AbsoluteChangeStrategy(double? MaxDecrease, double? MaxIncrease) : IAnomalyStrategy
{
    /// <inheritdoc />
    public string Name => "absolute_change";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) return null;
        double last = history[^1];
        return new ExpectedRange(
            MaxDecrease is { } down ? last - Math.Abs(down) : double.NegativeInfinity,
            MaxIncrease is { } up ? last + Math.Abs(up) : double.PositiveInfinity);
    }
}
