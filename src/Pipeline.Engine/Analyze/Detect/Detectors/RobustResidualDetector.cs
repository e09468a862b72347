namespace Pipeline.Engine.Analyze.Detect.Detectors;

/// <summary>
/// Robust z of each value against the rolling median and MAD of the rows before it, turned into a score by
/// <see cref="AnomalyLikelihood"/>, with values beyond the range seen so far flagged at once and repeated alarms held
/// down by <see cref="AlarmSuppression"/>.
/// </summary>
internal sealed class RobustResidualDetector : IAnomalyDetector
{
    public const string Name = "robust";

    public static AnomalyDetectorDefinition Definition { get; } = new(Name,
        "robust z against the rolling median/MAD, anomaly likelihood, new-range flag, repeated alarms held down",
        () => new RobustResidualDetector());

    private const int Window = 400;
    private const int Learning = 150;
    private readonly SortedWindow _values = new(Window);
    private readonly AnomalyLikelihood _likelihood = new(shortWindow: 5, historyWindow: 3000, learning: Learning);
    private readonly AlarmSuppression _suppression = new(window: 200, factor: 0.5);
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
    private int _rows;

    public double Next(long timestamp, double value)
    {
        if (double.IsNaN(value)) return 0;
        double raw = 0;
        bool newRange = false;
        if (_values.Count >= 10)
        {
            double median = _values.Quantile(0.5);
            double spread = _max - _min;
            double scale = 1.4826 * _values.MedianAbsoluteDeviation(median);
            // Quantised or flat series have a MAD of 0: fall back to a share of the range seen so far.
            scale = Math.Max(scale, 0.01 * spread) + 1e-12;
            raw = Math.Min(Math.Abs(value - median) / scale, 50);
            double tolerance = 0.1 * spread;
            newRange = _rows >= Learning && spread > 0 && (value > _max + tolerance || value < _min - tolerance);
        }
        _values.Add(value);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _rows++;
        double score = _likelihood.Next(raw);
        if (newRange) score = 1;
        return _suppression.Next(score);
    }
}
