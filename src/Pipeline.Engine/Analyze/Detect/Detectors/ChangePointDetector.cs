namespace Pipeline.Engine.Analyze.Detect.Detectors;

/// <summary>Settings of <see cref="ChangePointDetector"/>; the defaults are the one configuration used for every series.</summary>
internal sealed record ChangePointOptions
{
    /// <summary>Longest run length the change point posterior tracks.</summary>
    public int MaxRunLength { get; init; } = 300;
    /// <summary>Prior probability of a change at any row (1 / expected rows between changes).</summary>
    public double Hazard { get; init; } = 1.0 / 500;
    /// <summary>Prior pseudo-rows for a new segment's level.</summary>
    public double Kappa0 { get; init; } = 0.1;
    /// <summary>Prior shape for a new segment's noise precision.</summary>
    public double Alpha0 { get; init; } = 1;
    /// <summary>Run lengths counted as "a change just happened" in the score.</summary>
    public int Recent { get; init; } = 5;
    /// <summary>Rows the prior's level (median) and noise (1.4826 × MAD) are taken over.</summary>
    public int Window { get; init; } = 200;
    /// <summary>Floor on the prior's noise, as a share of the range of that window (flat and quantised series).</summary>
    public double ScaleFloor { get; init; } = 0.01;
    /// <summary>Rows that learn and score 0.</summary>
    public int Learning { get; init; } = 150;
    /// <summary>What is scored: the surprise of the row (negative log of its predictive density, mixed over run
    /// lengths, in units of the prior noise), or else the change probability. On NAB the surprise scores 40.0 standard,
    /// the change probability 14.0 (both through the likelihood; the raw change probability 2.7): real series have
    /// heavy tails, and a single outlier looks like a new segment to the posterior.</summary>
    public bool Surprise { get; init; } = true;
    /// <summary>Pass the raw score through an anomaly likelihood (compared with its own history) instead of using it as is.</summary>
    public bool Likelihood { get; init; } = true;
    /// <summary>Rows an alarm holds later, lower scores down for (0: off).</summary>
    public int SuppressionWindow { get; init; } = 30;
    /// <summary>What a held-down score is multiplied by.</summary>
    public double SuppressionFactor { get; init; } = 0.5;
}

/// <summary>
/// Level and variance changes: Bayesian online change point detection (<see cref="BayesianOnlineChangePoint"/>, Adams
/// &amp; MacKay) with a bounded run length; the score of a row is the posterior probability that a change happened
/// within the last few rows, given the rows up to it. A new segment's prior is centred on the rolling median with the
/// rolling robust spread as its noise, both from earlier rows only. What is scored by default is the row's surprise
/// under the run-length mixture (see <see cref="ChangePointOptions.Surprise"/>), compared with its own history by an
/// <see cref="AnomalyLikelihood"/>, so a noisy series must get noisier than usual to alarm. Repeated alarms are held down.
/// </summary>
internal sealed class ChangePointDetector : IAnomalyDetector
{
    public const string Name = "changepoint";

    public static AnomalyDetectorDefinition Definition { get; } = new(Name,
        "Bayesian online change point (Adams & MacKay, bounded run length): surprise under the run-length mixture, anomaly likelihood",
        () => new ChangePointDetector(new ChangePointOptions()));

    private readonly ChangePointOptions _options;
    private readonly BayesianOnlineChangePoint _model;
    private readonly SortedWindow _recent;
    private readonly AlarmSuppression? _suppression;
    private readonly AnomalyLikelihood? _likelihood;
    private int _rows;

    public ChangePointDetector(ChangePointOptions options)
    {
        _options = options;
        _model = new BayesianOnlineChangePoint(options.MaxRunLength, options.Hazard, options.Kappa0, options.Alpha0);
        _recent = new SortedWindow(options.Window);
        if (options.Likelihood) _likelihood = new AnomalyLikelihood(10, 3000, options.Learning);
        if (options.SuppressionWindow > 0) _suppression = new AlarmSuppression(options.SuppressionWindow, options.SuppressionFactor);
    }

    /// <summary>The score of the next row before alarm suppression (for the ensemble).</summary>
    public double NextRaw(double value)
    {
        if (!double.IsFinite(value)) return 0;
        double center = _recent.Count == 0 ? value : _recent.Quantile(0.5);
        double scale = _recent.Count < 10 ? 0 : 1.4826 * _recent.MedianAbsoluteDeviation(center);
        double spread = _recent.Count == 0 ? 0 : _recent.Quantile(1) - _recent.Quantile(0);
        // Quantised or flat series have a MAD of 0: fall back to a share of the range, and to 1 on a constant series
        // (any scale will do there: a segment that never varies is never doubted).
        scale = Math.Max(scale, _options.ScaleFloor * spread);
        if (scale <= 0) scale = Math.Max(Math.Abs(center) * 1e-3, 1e-6);
        double probability = _model.Next(value, center, scale, _options.Recent);
        _recent.Add(value);
        double raw = _options.Surprise ? Math.Clamp(-_model.LastLogPredictive + Math.Log(scale), 0, 50) : probability;
        if (_likelihood is not null) return _likelihood.Next(raw);
        return _rows++ < _options.Learning ? 0 : raw;
    }

    public double Next(long timestamp, double value)
    {
        double score = NextRaw(value);
        return _suppression is null ? score : _suppression.Next(score);
    }
}
