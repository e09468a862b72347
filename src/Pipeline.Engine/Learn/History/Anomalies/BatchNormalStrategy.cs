namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>batch_normal</c>: the mean of all earlier values plus or minus a number of their standard deviations
/// (Deequ's BatchNormalStrategy). Needs at least <see cref="MinHistory"/> values.
/// </summary>
/// <param name="LowerDeviations">Standard deviations allowed below the mean.</param>
/// <param name="UpperDeviations">Standard deviations allowed above the mean.</param>
public sealed record BatchNormalStrategy(double LowerDeviations = 3, double UpperDeviations = 3) : IAnomalyStrategy
{
    /// <summary>Values needed before the strategy judges.</summary>
    public int MinHistory { get; init; } = 3;

    /// <inheritdoc />
    public string Name => "batch_normal";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count < Math.Max(2, MinHistory)) return null;
        double mean = history.Average();
        double sd = Math.Sqrt(history.Sum(x => (x - mean) * (x - mean)) / (history.Count - 1));
        return new ExpectedRange(mean - LowerDeviations * sd, mean + UpperDeviations * sd);
    }
}
