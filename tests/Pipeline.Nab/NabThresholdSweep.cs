namespace Pipeline.Nab;

/// <summary>The score of a whole corpus at one threshold (every row scoring at least it is a detection).</summary>
/// <param name="Threshold">The threshold (1.1: nothing detected).</param>
/// <param name="Score">Raw NAB score: per window the best detection's worth or −FnWeight, plus every false positive.</param>
public readonly record struct NabThresholdScore(double Threshold, double Score);

/// <summary>
/// NAB's threshold sweep (<c>calcScoreByThreshold</c>) over the scorable rows of every series at once: rows in
/// descending score order, the corpus score recorded at each distinct score. A window's part starts at −FnWeight and
/// becomes its best detection's worth, false positives add up; the optimiser keeps the best threshold (the highest of
/// equal scores, as NAB's stable sort does).
/// </summary>
public static class NabThresholdSweep
{
    /// <summary>The corpus score at every distinct threshold, from 1.1 downwards.</summary>
    public static List<NabThresholdScore> ScoresByThreshold(IReadOnlyList<NabPoint> points, NabProfile profile)
    {
        var sorted = points.ToArray();
        // Stable descending order, as Python's sorted(..., reverse=True) keeps equal scores in input order.
        var order = Enumerable.Range(0, sorted.Length).OrderByDescending(i => sorted[i].AnomalyScore).ThenBy(i => i).Select(i => sorted[i]).ToArray();
        var parts = new Dictionary<int, double>();
        foreach (var p in order)
            if (p.Window >= 0) parts[p.Window] = -profile.FnWeight;
        double windowSum = parts.Count * -profile.FnWeight, fpSum = 0;
        var result = new List<NabThresholdScore>();
        double threshold = 1.1;
        foreach (var p in order)
        {
            if (p.AnomalyScore != threshold)
            {
                result.Add(new NabThresholdScore(threshold, windowSum + fpSum));
                threshold = p.AnomalyScore;
            }
            if (p.Window < 0) fpSum += p.SweepScore;
            else
            {
                double old = parts[p.Window];
                if (p.SweepScore > old)
                {
                    parts[p.Window] = p.SweepScore;
                    windowSum += p.SweepScore - old;
                }
            }
        }
        result.Add(new NabThresholdScore(threshold, windowSum + fpSum));
        return result;
    }

    /// <summary>The best threshold and its score.</summary>
    public static NabThresholdScore Optimize(IReadOnlyList<NabPoint> points, NabProfile profile)
    {
        var best = new NabThresholdScore(double.NaN, double.NegativeInfinity);
        foreach (var s in ScoresByThreshold(points, profile))
            if (s.Score > best.Score) best = s;
        return best;
    }
}
