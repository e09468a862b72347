namespace Pipeline.Nab;

/// <summary>A scored row of one series after the probationary period: its anomaly score, what detecting it is worth,
/// and the window it lies in.</summary>
/// <param name="AnomalyScore">The detector's score; the row counts as a detection at thresholds up to it.</param>
/// <param name="SweepScore">What a detection here adds: positive inside a window, negative outside.</param>
/// <param name="Window">Global id of the window the row lies in, or -1 outside every window.</param>
public readonly record struct NabPoint(double AnomalyScore, double SweepScore, int Window);

/// <summary>
/// NAB's per-row weighting (<c>nab/sweeper.py</c>, <c>calcSweepScore</c>): inside a window a detection is worth the
/// scaled sigmoid of its position (earlier is better, normalised so the window's first row earns the whole
/// <see cref="NabProfile.TpWeight"/>); outside, a detection costs <see cref="NabProfile.FpWeight"/> times the scaled
/// sigmoid of its distance past the preceding window (in that window's widths), the full weight when no window precedes.
/// Rows of the probationary period (the first 15%, at most 750 rows) are left out.
/// </summary>
public static class NabSweep
{
    /// <summary>NAB's probationary share of each series.</summary>
    public const double ProbationPercent = 0.15;

    /// <summary>The scaled sigmoid: 2·σ(−5x) − 1, and −1 from three window widths past a window on.</summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition >= 3.0 ? -1.0 : 2.0 / (1.0 + Math.Exp(5.0 * relativePosition)) - 1.0;

    /// <summary>Rows at the start of a series of <paramref name="rows"/> rows that are not scored.</summary>
    public static double ProbationaryLength(int rows) => Math.Min(Math.Floor(ProbationPercent * rows), ProbationPercent * 5000);

    /// <summary>
    /// The scorable rows of one series. Windows are entered at the row whose timestamp equals their start and left at
    /// the row equal to their end, as NAB does; <paramref name="firstWindowId"/> numbers this series' windows globally.
    /// </summary>
    public static List<NabPoint> Sweep(IReadOnlyList<DateTime> timestamps, IReadOnlyList<double> scores,
        IReadOnlyList<NabWindow> windows, NabProfile profile, int firstWindowId)
    {
        if (timestamps.Count != scores.Count) throw new ArgumentException("timestamps and scores differ in length");
        var firstIndex = new Dictionary<DateTime, int>();
        for (int i = 0; i < timestamps.Count; i++) firstIndex.TryAdd(timestamps[i], i);
        double maxTp = ScaledSigmoid(-1.0);
        double probation = ProbationaryLength(timestamps.Count);
        var points = new List<NabPoint>(timestamps.Count);
        int next = 0, current = -1;
        double width = 0, prevWidth = 0;
        int rightIndex = 0, prevRightIndex = -1;
        for (int i = 0; i < timestamps.Count; i++)
        {
            if (next < windows.Count && timestamps[i] == windows[next].Start)
            {
                current = next++;
                rightIndex = IndexOf(firstIndex, windows[current].End);
                width = rightIndex - IndexOf(firstIndex, windows[current].Start) + 1;
            }
            double weighted;
            if (current >= 0)
                weighted = ScaledSigmoid(-(rightIndex - i + 1) / width) * profile.TpWeight / maxTp;
            else
            {
                double past = prevRightIndex < 0 ? 3.0 : Math.Abs(prevRightIndex - i) / (prevWidth - 1);
                weighted = ScaledSigmoid(past) * profile.FpWeight;
            }
            if (i >= probation) points.Add(new NabPoint(scores[i], weighted, current >= 0 ? firstWindowId + current : -1));
            if (current >= 0 && timestamps[i] == windows[current].End)
            {
                prevRightIndex = i;
                prevWidth = width;
                current = -1;
            }
        }
        return points;
    }

    private static int IndexOf(Dictionary<DateTime, int> firstIndex, DateTime t) =>
        firstIndex.TryGetValue(t, out int index) ? index : throw new InvalidDataException($"window limit {t:yyyy-MM-dd HH:mm:ss} is not a row's timestamp");
}
