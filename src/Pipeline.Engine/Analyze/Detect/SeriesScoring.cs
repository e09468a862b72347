namespace Pipeline.Engine.Analyze.Detect;

/// <summary>Runs a detector over a whole series held in memory.</summary>
public static class SeriesScoring
{
    /// <summary>The score of every row, in row order, from a fresh detector.</summary>
    public static double[] Score(AnomalyDetectorDefinition detector, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(detector);
        if (timestamps.Length != values.Length) throw new ArgumentException("timestamps and values differ in length");
        var instance = detector.Create();
        var scores = new double[values.Length];
        for (int i = 0; i < values.Length; i++) scores[i] = Math.Clamp(instance.Next(timestamps[i], values[i]), 0, 1);
        return scores;
    }
}
