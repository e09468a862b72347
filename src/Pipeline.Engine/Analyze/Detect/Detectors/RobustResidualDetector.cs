namespace Pipeline.Engine.Analyze.Detect.Detectors;

/// <summary>Settings of <see cref="RobustResidualDetector"/>; the defaults are the one configuration used for every series.</summary>
internal sealed record RobustResidualOptions
{
    /// <summary>Rows the rolling median and MAD are taken over.</summary>
    public int Window { get; init; } = 400;
    /// <summary>Rows before the likelihood and the range flag speak.</summary>
    public int Learning { get; init; } = 150;
    /// <summary>Raw scores averaged by the likelihood.</summary>
    public int ShortWindow { get; init; } = 5;
    /// <summary>Averages the likelihood's distribution is estimated from.</summary>
    public int HistoryWindow { get; init; } = 3000;
    /// <summary>Rows an alarm holds later, lower scores down for.</summary>
    public int SuppressionWindow { get; init; } = 200;
    /// <summary>What a held-down score is multiplied by.</summary>
    public double SuppressionFactor { get; init; } = 0.5;
    /// <summary>How far past the range seen so far (as a share of that range) a value is flagged at once; 0 turns it off.</summary>
    public double NewRangeTolerance { get; init; } = 0.1;
    /// <summary>Floor on the robust scale, as a share of the range seen so far (flat and quantised series).</summary>
    public double ScaleFloor { get; init; } = 0.01;
    /// <summary>Largest raw z kept (one wild value must not dominate the likelihood's history).</summary>
    public double MaxRaw { get; init; } = 50;
    /// <summary>Scores a value past the range by how far past it lies (0.5 to 1) instead of 1.</summary>
    public bool GradedRange { get; init; } = true;
}

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
        () => new RobustResidualDetector(new RobustResidualOptions()));

    private readonly RobustResidualOptions _options;
    private readonly SortedWindow _values;
    private readonly AnomalyLikelihood _likelihood;
    private readonly AlarmSuppression _suppression;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
    private int _rows;

    public RobustResidualDetector(RobustResidualOptions options)
    {
        _options = options;
        _values = new SortedWindow(options.Window);
        _likelihood = new AnomalyLikelihood(options.ShortWindow, options.HistoryWindow, options.Learning);
        _suppression = new AlarmSuppression(options.SuppressionWindow, options.SuppressionFactor);
    }

    public double Next(long timestamp, double value)
    {
        if (double.IsNaN(value)) return 0;
        double raw = 0;
        double rangeScore = 0;
        if (_values.Count >= 10)
        {
            double median = _values.Quantile(0.5);
            double spread = _max - _min;
            double scale = 1.4826 * _values.MedianAbsoluteDeviation(median);
            // Quantised or flat series have a MAD of 0: fall back to a share of the range seen so far.
            scale = Math.Max(scale, _options.ScaleFloor * spread) + 1e-12;
            raw = Math.Min(Math.Abs(value - median) / scale, _options.MaxRaw);
            double tolerance = _options.NewRangeTolerance * spread;
            if (_options.NewRangeTolerance > 0 && _rows >= _options.Learning && spread > 0
                && (value > _max + tolerance || value < _min - tolerance))
            {
                double excess = Math.Max(value - _max, _min - value) / spread;
                rangeScore = _options.GradedRange ? 0.5 + 0.5 * Math.Min(1, excess) : 1;
            }
        }
        _values.Add(value);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _rows++;
        double score = _likelihood.Next(raw);
        score = Math.Max(score, rangeScore);
        return _suppression.Next(score);
    }
}
