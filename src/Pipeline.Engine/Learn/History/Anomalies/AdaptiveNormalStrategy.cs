using MathNet.Numerics.Distributions;

namespace Pipeline.Engine.Learn.History.Anomalies;

/// <summary>
/// <c>adaptive_normal</c>, the default: the next value is expected within a 99.8% prediction interval of the values of
/// the current level, mean ± t(0.999, n−1)·s·√(1 + 1/n), so a short history widens the interval instead of raising
/// false alarms. Walking the history oldest first, a value outside the interval is held as a candidate: when the next
/// value comes back inside, the candidate was a one-off and is left out of what is normal; when the next value stays
/// near the candidate, the level shifted there and learning starts again from the candidate (a shift is reported once,
/// on the run where it happened, not on every run after it). Judges once the current level holds
/// <see cref="MinHistory"/> values.
/// </summary>
public sealed record AdaptiveNormalStrategy : IAnomalyStrategy
{
    /// <summary>Values of the current level needed before the strategy judges.</summary>
    public int MinHistory { get; init; } = 5;

    /// <summary>The smallest half-width of the interval, so a metric that never moved does not make any change an
    /// anomaly (set per metric by the detector: a share of the level, or the sampling noise of the metric).</summary>
    public double Floor { get; init; }

    /// <inheritdoc />
    public string Name => "adaptive_normal";

    /// <inheritdoc />
    public ExpectedRange? Expect(IReadOnlyList<double> history) => Walk(history).Range;

    /// <summary>Judges <paramref name="value"/> after <paramref name="history"/>: the expected range (null while
    /// learning), whether the value is an anomaly, and which earlier values (by index) were one-off outliers.</summary>
    public AdaptiveVerdict Judge(IReadOnlyList<double> history, double value)
    {
        var state = Walk(history);
        if (state.Range is not { } range) return new AdaptiveVerdict(null, false, state.OneOffs);
        if (range.Contains(value))
        {
            // The pending candidate did not last: a one-off.
            if (state.Candidate is { } c) state.OneOffs.Add(c);
            return new AdaptiveVerdict(range, false, state.OneOffs);
        }
        bool continuesShift = state.Candidate is { } k && Math.Abs(value - history[k]) <= range.HalfWidth;
        return new AdaptiveVerdict(range, !continuesShift, state.OneOffs);
    }

    private WalkState Walk(IReadOnlyList<double> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var level = new List<double>();
        var oneOffs = new List<int>();
        int? candidate = null;
        for (int i = 0; i < history.Count; i++)
        {
            double x = history[i];
            if (level.Count < MinHistory) { level.Add(x); continue; }
            var range = Range(level);
            if (range.Contains(x))
            {
                if (candidate is { } c) oneOffs.Add(c);
                candidate = null;
                level.Add(x);
            }
            else if (candidate is { } c && Math.Abs(x - history[c]) <= range.HalfWidth)
            {
                // The level moved: learn it afresh from where it moved.
                level = [history[c], x];
                candidate = null;
            }
            else
            {
                if (candidate is { } previous) oneOffs.Add(previous);
                candidate = i;
            }
        }
        return new WalkState(level.Count >= MinHistory ? Range(level) : null, candidate, oneOffs);
    }

    private ExpectedRange Range(List<double> level)
    {
        int n = level.Count;
        double mean = level.Average();
        double sd = n > 1 ? Math.Sqrt(level.Sum(x => (x - mean) * (x - mean)) / (n - 1)) : 0;
        double t = StudentT.InvCDF(0, 1, Math.Max(1, n - 1), 0.999);
        double half = t * sd * Math.Sqrt(1 + 1.0 / n);
        return new ExpectedRange(mean - half, mean + half).AtLeast(Floor);
    }

    private sealed record WalkState(ExpectedRange? Range, int? Candidate, List<int> OneOffs);
}

/// <summary>What <see cref="AdaptiveNormalStrategy.Judge"/> decided.</summary>
/// <param name="Range">The expected range, or null while the strategy was still learning.</param>
/// <param name="IsAnomaly">True when the value is outside the range and does not continue a level shift.</param>
/// <param name="OneOffs">Indexes of earlier values that were one-off outliers (not normal, not a new level).</param>
public sealed record AdaptiveVerdict(ExpectedRange? Range, bool IsAnomaly, IReadOnlyList<int> OneOffs);
