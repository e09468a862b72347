namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>online_normal</c>: a running mean and standard deviation (Welford), updated value by value, plus or minus a number
/// of deviations; values that were anomalous when they arrived are left out of the running statistics when
/// <see cref="IgnoreAnomalies"/> (Deequ's OnlineNormalStrategy). Judges once <see cref="MinHistory"/> values are in.
/// </summary>
/// <param name="LowerDeviations">Standard deviations allowed below the mean.</param>
/// <param name="UpperDeviations">Standard deviations allowed above the mean.</param>
/// <param name="IgnoreAnomalies">Leave anomalous values out of the statistics.</param>
public sealed record OnlineNormalStrategy(double LowerDeviations = 3, double UpperDeviations = 3, bool IgnoreAnomalies = true) : IAnomalyStrategy
{
    /// <summary>Values needed before the strategy judges.</summary>
    public int MinHistory { get; init; } = 3;

    /// <inheritdoc />
    public string Name => "online_normal";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        long n = 0;
        double mean = 0, m2 = 0;
        foreach (var x in history)
        {
            if (n >= Math.Max(2, MinHistory) && IgnoreAnomalies && !Range(n, mean, m2).Contains(x)) continue;
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }
        return n >= Math.Max(2, MinHistory) ? Range(n, mean, m2) : null;
    }

    private ExpectedRange Range(long n, double mean, double m2)
    {
        double sd = Math.Sqrt(m2 / (n - 1));
        return new ExpectedRange(mean - LowerDeviations * sd, mean + UpperDeviations * sd);
    }
}
