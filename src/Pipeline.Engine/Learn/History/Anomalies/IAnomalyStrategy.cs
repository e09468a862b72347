namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// A way of saying what a metric's next value should be from its earlier values (oldest first), as in Deequ's anomaly
/// detection strategies. Each strategy is one file; <see cref="AnomalyStrategies"/> finds them by name.
/// </summary>
public interface IAnomalyStrategy
{
    /// <summary>The strategy's name as written in specs and in <c>anomalies[].strategy</c>.</summary>
    string Name { get; }

    /// <summary>The range the next value is expected in, or null when <paramref name="history"/> is too short to say.</summary>
    ExpectedRange? Expect(IReadOnlyList<double> history);
}
