namespace Pipeline.Engine.Analyze.Detect;

/// <summary>A run of anomalous rows in one series: first and last row, and the row that scored highest.</summary>
/// <param name="StartRow">Index (within the series) of the first row scoring at least the threshold.</param>
/// <param name="EndRow">Index of the last such row of the episode.</param>
/// <param name="PeakRow">Index of the highest-scoring row.</param>
/// <param name="PeakScore">Its score.</param>
public readonly record struct AnomalyEpisode(int StartRow, int EndRow, int PeakRow, double PeakScore);

/// <summary>
/// Groups the rows scoring at least a threshold into episodes: rows less than <see cref="MaxGap"/> rows apart belong
/// to the same episode, so one event that flickers across the threshold is reported once.
/// </summary>
public static class AnomalyEpisodes
{
    /// <summary>The score from which a row is anomalous, unless the user sets another: HTM's log-likelihood scale puts a
    /// one-in-100,000 event at 0.5.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>Rows below the threshold that may separate two parts of one episode.</summary>
    public const int MaxGap = 10;

    /// <summary>The episodes of one series' scores, in time order.</summary>
    public static IReadOnlyList<AnomalyEpisode> Find(IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var episodes = new List<AnomalyEpisode>();
        int start = -1, end = -1, peak = -1;
        for (int i = 0; i < scores.Count; i++)
        {
            if (scores[i] < threshold) continue;
            if (start >= 0 && i - end > MaxGap)
            {
                episodes.Add(new AnomalyEpisode(start, end, peak, scores[peak]));
                start = -1;
            }
            if (start < 0) { start = i; peak = i; }
            end = i;
            if (scores[i] > scores[peak]) peak = i;
        }
        if (start >= 0) episodes.Add(new AnomalyEpisode(start, end, peak, scores[peak]));
        return episodes;
    }
}
