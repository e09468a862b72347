namespace Pipeline.Nab;

/// <summary>A detector's NAB result under one profile.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Threshold">The threshold the sweep chose over all series jointly.</param>
/// <param name="RawScore">The corpus score at that threshold.</param>
/// <param name="NullScore">The null detector's score (a constant 0.5, scored the same way).</param>
/// <param name="PerfectScore">The perfect detector's score: every window detected at its first row.</param>
/// <param name="Normalized">100 · (raw − null) / (perfect − null): NAB's published number.</param>
public sealed record NabResult(NabProfile Profile, double Threshold, double RawScore, double NullScore, double PerfectScore, double Normalized);

/// <summary>
/// Scores a detector's outputs on a set of NAB series as NAB's runner does: sweep each series, optimise one threshold
/// over all of them jointly, then normalise between the null detector and the perfect one.
/// </summary>
public static class NabScorer
{
    /// <summary>NAB's null detector: the same score, 0.5, on every row.</summary>
    public const double NullDetectorScore = 0.5;

    /// <summary>Scores <paramref name="scores"/> (one array per series, in row order) under one profile.</summary>
    public static NabResult Score(NabLabels labels, IReadOnlyList<NabSeries> series, IReadOnlyList<double[]> scores, NabProfile profile)
    {
        if (series.Count != scores.Count) throw new ArgumentException("one score array per series");
        var best = NabThresholdSweep.Optimize(Points(labels, series, scores, profile), profile);
        var nullScores = series.Select(s => Enumerable.Repeat(NullDetectorScore, s.Values.Length).ToArray()).ToList();
        var nullBest = NabThresholdSweep.Optimize(Points(labels, series, nullScores, profile), profile);
        // The perfect count is every window of the series scored, as NAB counts the windows of its labels file.
        double perfect = series.Sum(s => labels.WindowsOf(s.Name).Count) * profile.TpWeight;
        double normalized = 100 * (best.Score - nullBest.Score) / (perfect - nullBest.Score);
        return new NabResult(profile, best.Threshold, best.Score, nullBest.Score, perfect, normalized);
    }

    /// <summary>Scores under every profile.</summary>
    public static IReadOnlyList<NabResult> ScoreAll(NabLabels labels, IReadOnlyList<NabSeries> series, IReadOnlyList<double[]> scores) =>
        NabProfile.All.Select(p => Score(labels, series, scores, p)).ToList();

    private static List<NabPoint> Points(NabLabels labels, IReadOnlyList<NabSeries> series, IReadOnlyList<double[]> scores, NabProfile profile)
    {
        var points = new List<NabPoint>();
        int windowId = 0;
        for (int s = 0; s < series.Count; s++)
        {
            var windows = labels.WindowsOf(series[s].Name);
            points.AddRange(NabSweep.Sweep(series[s].Timestamps, scores[s], windows, profile, windowId));
            windowId += windows.Count;
        }
        return points;
    }
}
