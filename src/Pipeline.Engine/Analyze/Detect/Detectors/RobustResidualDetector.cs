namespace Pipeline.Engine.Analyze.Detect.Detectors;

/// <summary>Settings of <see cref="RobustResidualDetector"/>; the defaults are the one configuration used for every series.</summary>
internal sealed record RobustResidualOptions
{
    /// <summary>Rows the rolling median and MAD are taken over.</summary>
    public int Window { get; init; } = 200;
    /// <summary>Rows before the likelihood and the range flag speak.</summary>
    public int Learning { get; init; } = 150;
    /// <summary>Raw scores averaged by the likelihood.</summary>
    public int ShortWindow { get; init; } = 10;
    /// <summary>Averages the likelihood's distribution is estimated from.</summary>
    public int HistoryWindow { get; init; } = 3000;
    /// <summary>Rows an alarm holds later, lower scores down for.</summary>
    public int SuppressionWindow { get; init; } = 30;
    /// <summary>What a held-down score is multiplied by.</summary>
    public double SuppressionFactor { get; init; } = 0.5;
    /// <summary>How far past the range seen so far (as a share of that range) a value is flagged at once; 0 turns it off.</summary>
    public double NewRangeTolerance { get; init; } = 0.05;
    /// <summary>Floor on the robust scale, as a share of the range seen so far (flat and quantised series).</summary>
    public double ScaleFloor { get; init; } = 0.01;
    /// <summary>Largest raw z kept (one wild value must not dominate the likelihood's history).</summary>
    public double MaxRaw { get; init; } = 50;
    /// <summary>Rows the range is remembered over (0: every row so far).</summary>
    public int RangeWindow { get; init; } = 4000;
    /// <summary>Also score the residual against the value one period back (period found online); off: 0.</summary>
    public int SeasonalHistory { get; init; } = 3000;
    /// <summary>Smallest autocorrelation at the period's lag for the period to be used.</summary>
    public double SeasonalMinCorrelation { get; init; } = 0.7;
}

/// <summary>
/// The default detector. Two residuals per row, each from the rows before it only: the value against the rolling
/// median (robust z: divided by 1.4826 × the rolling MAD), and, once a period is found online
/// (<see cref="OnlinePeriod"/>), the change since one period back against the recent such changes. Each goes through
/// its own <see cref="AnomalyLikelihood"/>; a value beyond the range of the last <see cref="RobustResidualOptions.RangeWindow"/>
/// rows (by more than a tolerance) scores 1 at once, as HTM's NAB detector does; the highest of the three is kept and
/// repeated alarms are held down by <see cref="AlarmSuppression"/>. Infinite and missing values score 0 and are not learned.
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
    private readonly SortedWindow? _range;
    private readonly OnlinePeriod? _period;
    private readonly SortedWindow _seasonalResiduals;
    private readonly AnomalyLikelihood _seasonalLikelihood;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
    private int _rows;

    public RobustResidualDetector(RobustResidualOptions options)
    {
        _options = options;
        _values = new SortedWindow(options.Window);
        _likelihood = new AnomalyLikelihood(options.ShortWindow, options.HistoryWindow, options.Learning);
        _suppression = new AlarmSuppression(options.SuppressionWindow, options.SuppressionFactor);
        if (options.RangeWindow > 0) _range = new SortedWindow(options.RangeWindow);
        if (options.SeasonalHistory > 0) _period = new OnlinePeriod(options.SeasonalHistory, 250, options.SeasonalMinCorrelation);
        _seasonalResiduals = new SortedWindow(options.Window);
        _seasonalLikelihood = new AnomalyLikelihood(options.ShortWindow, options.HistoryWindow, options.Learning);
    }

    public double Next(long timestamp, double value)
    {
        if (!double.IsFinite(value)) return 0;
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
                rangeScore = 1;
            }
        }
        _values.Add(value);
        if (_range is null)
        {
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }
        else
        {
            _range.Add(value);
            _min = _range.Quantile(0);
            _max = _range.Quantile(1);
        }
        _rows++;
        double score = _likelihood.Next(raw);
        if (_period is not null)
        {
            score = Math.Max(score, _seasonalLikelihood.Next(SeasonalRaw(value)));
            _period.Add(value);
        }
        score = Math.Max(score, rangeScore);
        return _suppression.Next(score);
    }

    // The robust z of the change since one period back, against the recent such changes (0 while no period is known).
    private double SeasonalRaw(double value)
    {
        int p = _period!.Period;
        double back = p > 0 ? _period.Back(p) : double.NaN;
        if (double.IsNaN(back)) return 0;
        double residual = value - back;
        double raw = 0;
        if (_seasonalResiduals.Count >= 10)
        {
            double median = _seasonalResiduals.Quantile(0.5);
            double scale = 1.4826 * _seasonalResiduals.MedianAbsoluteDeviation(median);
            scale = Math.Max(scale, _options.ScaleFloor * (_max - _min)) + 1e-12;
            raw = Math.Min(Math.Abs(residual - median) / scale, _options.MaxRaw);
        }
        _seasonalResiduals.Add(residual);
        return raw;
    }
}
