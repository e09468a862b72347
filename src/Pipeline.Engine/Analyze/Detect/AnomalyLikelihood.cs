namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// Turns raw anomaly scores (any non-negative scale) into a likelihood-based score in [0, 1], in the spirit of HTM's
/// anomaly likelihood: the average of the last few raw scores is compared with the distribution (mean and variance)
/// of such averages over a long history; the score is the tail probability of the current average on a log scale,
/// so 0.5 means a one-in-100,000 average (two-sided scale: 0 at or below the usual level). A series whose raw scores are always high (noisy) therefore scores low
/// unless it gets noisier than usual.
/// </summary>
internal sealed class AnomalyLikelihood
{
    private readonly int _shortWindow;
    private readonly int _learning;
    private readonly Queue<double> _recent = new();
    private readonly Queue<double> _history = new();
    private readonly int _historyWindow;
    private double _recentSum, _historySum, _historySumSquares;

    /// <param name="shortWindow">Raw scores averaged (10 in HTM).</param>
    /// <param name="historyWindow">Averages the distribution is estimated from.</param>
    /// <param name="learning">Rows scored 0 before the distribution is trusted.</param>
    public AnomalyLikelihood(int shortWindow, int historyWindow, int learning)
    {
        _shortWindow = shortWindow;
        _historyWindow = historyWindow;
        _learning = learning;
    }

    /// <summary>Scores one raw score and learns it.</summary>
    public double Next(double raw)
    {
        _recent.Enqueue(raw);
        _recentSum += raw;
        if (_recent.Count > _shortWindow) _recentSum -= _recent.Dequeue();
        double average = _recentSum / _recent.Count;

        double score = 0;
        if (_history.Count >= _learning)
        {
            double mean = _historySum / _history.Count;
            double variance = Math.Max(_historySumSquares / _history.Count - mean * mean, 0);
            // A floor on the spread: a perfectly quiet history must not turn the first ripple into a certainty.
            double std = Math.Sqrt(variance + MinimumVariance);
            // The tail is doubled so that an average at or below the usual level scores exactly 0 (a flat or quiet
            // series is not a little anomalous): P(Z > z) = 0.5 at z = 0 would otherwise score log10(2)/10 = 0.03.
            double tail = 2 * UpperTail((average - mean) / std);
            score = Math.Clamp(Math.Log10(Math.Min(tail, 1) + 1e-10) / -10.0, 0, 1);
        }

        _history.Enqueue(average);
        _historySum += average;
        _historySumSquares += average * average;
        if (_history.Count > _historyWindow)
        {
            double old = _history.Dequeue();
            _historySum -= old;
            _historySumSquares -= old * old;
        }
        return score;
    }

    private const double MinimumVariance = 1e-4;

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    internal static double UpperTail(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2));
}
