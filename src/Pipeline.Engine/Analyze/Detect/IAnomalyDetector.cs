namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// A streaming anomaly detector over one series: it sees rows one at a time, in order, and scores each from that row
/// and the rows before it only (causal, as NAB requires), so a series cut short scores its rows the same.
/// </summary>
public interface IAnomalyDetector
{
    /// <summary>Scores the next row: 0 is ordinary, 1 is as anomalous as the detector can say.</summary>
    /// <param name="timestamp">The row's time (UTC ticks), increasing or equal to the previous row's.</param>
    /// <param name="value">The row's value; NaN when missing (scored 0, not learned from).</param>
    double Next(long timestamp, double value);
}
