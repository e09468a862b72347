namespace Pipeline.Engine.Analyze.Detect.Detectors;

/// <summary>
/// The robust detector and the change point detector together: per row the higher of the robust detector's score
/// (likelihoods and new-range flag) and the change point detector's score (times a weight, 1 by default), then
/// repeated alarms held down once over the combination (each part runs without its own suppression, so one event seen
/// by both is still reported once).
/// </summary>
internal sealed class EnsembleDetector : IAnomalyDetector
{
    public const string Name = "ensemble";

    public static AnomalyDetectorDefinition Definition { get; } = new(Name,
        "max of robust (without suppression) and the Bayesian change point score, repeated alarms held down",
        () => new EnsembleDetector(new ChangePointOptions { SuppressionWindow = 0 }, 1));

    private readonly RobustResidualDetector _robust = new(new RobustResidualOptions { SuppressionFactor = 1 });
    private readonly ChangePointDetector _changes;
    private readonly AlarmSuppression _suppression;
    private readonly double _weight;

    /// <param name="changes">Settings of the change point part (its suppression should be off).</param>
    /// <param name="weight">What the change point score is multiplied by before it competes with the robust score.</param>
    public EnsembleDetector(ChangePointOptions changes, double weight)
    {
        _changes = new ChangePointDetector(changes);
        _weight = weight;
        var robust = new RobustResidualOptions();
        _suppression = new AlarmSuppression(robust.SuppressionWindow, robust.SuppressionFactor);
    }

    public double Next(long timestamp, double value)
    {
        double robust = _robust.Next(timestamp, value);
        double change = _changes.NextRaw(value);
        return _suppression.Next(Math.Max(robust, _weight * change));
    }
}
