using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Sampling;
using Pipeline.Engine.Analyze.Stats;

namespace Pipeline.Engine.Analyze.Segments;

/// <summary>
/// Compares every outcome column across every segment column of the sample (<see cref="ColumnRoles"/>): rates and
/// class shares with the chi-square test of independence (Cramér's V as effect), measures with Welch's t test (two
/// segments) or Kruskal–Wallis (more), η² as effect. All pairs tested form one Benjamini–Hochberg family; a finding
/// is kept when its q-value is at most <see cref="MaxQ"/> and its effect is at least medium (V ≥
/// <see cref="MinCramersV"/> with a gap of <see cref="MinRateGap"/> between the highest and lowest level, or η² ≥
/// <see cref="MinEtaSquared"/>): with many rows a tiny difference is significant but not worth a sentence.
/// </summary>
public static class SegmentComparisons
{
    /// <summary>Largest q-value reported.</summary>
    public const double MaxQ = 0.05;
    /// <summary>Smallest Cramér's V reported.</summary>
    public const double MinCramersV = 0.15;
    /// <summary>Smallest gap between the highest and lowest rate or share reported.</summary>
    public const double MinRateGap = 0.10;
    /// <summary>Smallest η² reported (Cohen's medium effect).</summary>
    public const double MinEtaSquared = 0.06;
    /// <summary>Fewest rows a level needs to be compared.</summary>
    public const int MinLevelRows = 10;

    /// <summary>The segment findings of the table, strongest first.</summary>
    public static IReadOnlyList<SegmentFinding> Find(TableSample sample, ProfileReport profile)
    {
        if (sample.Rows < 2 * MinLevelRows) return [];
        var (segments, outcomes) = ColumnRoles.Of(sample, profile);
        var tested = new List<SegmentFinding>();
        foreach (var outcome in outcomes)
            foreach (var segment in segments)
            {
                if (segment.Column == outcome.Column || !Tested(outcome, segment, outcomes)) continue;
                // A measure across the levels of a number (cylinders) that the correlation already reports says it again.
                if (outcome.Kind == OutcomeKind.Measure && !segment.Binned && Math.Abs(Pearson(profile, outcome.Column, segment.Column)) >= CorrelatedAlready) continue;
                if (Compare(outcome, segment) is { } finding) tested.Add(finding);
            }
        if (tested.Count == 0) return [];
        var q = FalseDiscovery.Adjust(tested.Select(t => t.P).ToList());
        return tested.Select((t, i) => t with { Q = q[i], PairsTested = tested.Count })
            .Where(Reportable).OrderByDescending(t => t.Effect).ThenBy(t => t.Outcome, StringComparer.Ordinal).ThenBy(t => t.Segment, StringComparer.Ordinal).ToList();
    }

    /// <summary>|Pearson r| from which a measure is not compared across a numeric segment (the correlation is reported).</summary>
    public const double CorrelatedAlready = 0.7;

    /// <summary>Pearson's r of two columns from the profile (0 when not numeric or undefined).</summary>
    public static double Pearson(ProfileReport profile, string a, string b)
        => profile.Correlations.FirstOrDefault(c => c.Method == "pearson" && ((c.A == a && c.B == b) || (c.A == b && c.B == a)))?.Value ?? 0;

    private static bool Reportable(SegmentFinding f) => f.Q <= MaxQ && (f.Kind == OutcomeKind.Measure
        ? f.Effect >= MinEtaSquared
        : f.Effect >= MinCramersV && f.Levels[0].Value - f.Levels[^1].Value >= MinRateGap);

    /// <summary>Whether this outcome × segment pair is tested: a number is binned only against rates and shares; a pair
    /// of two-valued (or of two class) columns is tested once, with the more outcome-like column as the outcome.</summary>
    private static bool Tested(Outcome outcome, Segment segment, List<Outcome> outcomes)
    {
        // A number is cut into ranges only to segment an outcome that looks like one (survived, churn): its rate by age
        // band is the sentence; otherwise the number compared across the other column's groups says the same.
        if (segment.Binned) return outcome.Kind != OutcomeKind.Measure && outcome.Likeness > 0;
        var mirror = outcomes.FirstOrDefault(o => o.Column == segment.Column && o.Kind != OutcomeKind.Measure);
        if (mirror is null) return true;
        if (outcome.Kind == OutcomeKind.Measure) return mirror.Likeness == 0; // an outcome is not a segment of a measure: its rate by the measure's ranges is
        if (outcome.Kind == OutcomeKind.Classes && mirror.Kind == OutcomeKind.Binary) return false; // the binary side is the outcome
        if (outcome.Kind == OutcomeKind.Binary && mirror.Kind == OutcomeKind.Classes) return true;
        return outcome.Likeness != mirror.Likeness ? outcome.Likeness > mirror.Likeness : outcome.Position > mirror.Position;
    }

    private static SegmentFinding? Compare(Outcome outcome, Segment segment)
        => outcome.Kind == OutcomeKind.Measure ? CompareMeans(outcome, segment) : CompareShares(outcome, segment);

    private static SegmentFinding? CompareShares(Outcome outcome, Segment segment)
    {
        int levels = segment.Levels.Count, classes = outcome.Classes!.Count;
        var counts = new long[levels, classes];
        var rows = new long[levels];
        for (int i = 0; i < segment.Codes.Length; i++)
        {
            int s = segment.Codes[i], o = outcome.Codes![i];
            if (s < 0 || o < 0) continue;
            counts[s, o]++;
            rows[s]++;
        }
        var kept = Enumerable.Range(0, levels).Where(s => rows[s] >= MinLevelRows).ToArray();
        if (kept.Length < 2) return null;
        var table = new long[kept.Length, classes];
        for (int k = 0; k < kept.Length; k++)
            for (int c = 0; c < classes; c++) table[k, c] = counts[kept[k], c];
        var (_, _, p, v) = IndependenceTest.Of(table);
        if (double.IsNaN(p)) return null;
        // A rate reports the positive class; a class share the class whose share varies most between levels.
        int shown = outcome.Kind == OutcomeKind.Binary ? outcome.Positive
            : Enumerable.Range(0, classes).MaxBy(c => kept.Max(s => Share(counts, rows, s, c)) - kept.Min(s => Share(counts, rows, s, c)));
        var list = kept.Select(s =>
        {
            var (lo, hi) = RateInterval.Wilson(counts[s, shown], rows[s]);
            return new SegmentLevel(segment.Levels[s], rows[s], Share(counts, rows, s, shown), lo, hi);
        }).OrderByDescending(l => l.Value).ThenBy(l => l.Level, StringComparer.Ordinal).ToList();
        bool deterministic = kept.All(s => Enumerable.Range(0, classes).Count(c => counts[s, c] > 0) == 1);
        return new SegmentFinding(outcome.Column, outcome.Kind, outcome.Classes[shown], segment.Column, segment.Binned, list, "chi_square", p, p, v,
            kept.Sum(s => rows[s]), deterministic);
    }

    private static double Share(long[,] counts, long[] rows, int s, int c) => rows[s] == 0 ? 0 : (double)counts[s, c] / rows[s];

    private static SegmentFinding? CompareMeans(Outcome outcome, Segment segment)
    {
        var groups = new List<double>[segment.Levels.Count];
        for (int k = 0; k < groups.Length; k++) groups[k] = [];
        for (int i = 0; i < segment.Codes.Length; i++)
        {
            double v = outcome.Values![i];
            if (segment.Codes[i] >= 0 && double.IsFinite(v)) groups[segment.Codes[i]].Add(v);
        }
        var kept = Enumerable.Range(0, groups.Length).Where(k => groups[k].Count >= MinLevelRows).ToArray();
        if (kept.Length < 2) return null;
        var arrays = kept.Select(k => groups[k].ToArray()).ToList();
        var (p, eta, test) = MeanComparison.Of(arrays);
        if (double.IsNaN(p) || double.IsNaN(eta)) return null;
        // A heavily skewed measure is summarised by its medians: a mean there is one extreme value's echo.
        bool median = Math.Abs(Skewness(outcome.Values!)) >= MaxSkewForMeans;
        var list = kept.Select((k, j) =>
        {
            if (median) return new SegmentLevel(segment.Levels[k], arrays[j].Length, Median(arrays[j]), double.NaN, double.NaN);
            double mean = arrays[j].Average();
            var (lo, hi) = RateInterval.Mean(mean, MeanComparison.Variance(arrays[j]), arrays[j].Length);
            return new SegmentLevel(segment.Levels[k], arrays[j].Length, mean, lo, hi);
        }).OrderByDescending(l => l.Value).ThenBy(l => l.Level, StringComparer.Ordinal).ToList();
        return new SegmentFinding(outcome.Column, OutcomeKind.Measure, null, segment.Column, false, list, test, p, p, eta,
            arrays.Sum(a => a.Length), false) { Statistic = median ? "median" : "mean" };
    }

    /// <summary>|skewness| from which a measure's levels are compared by their medians.</summary>
    public const double MaxSkewForMeans = 2;

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double Skewness(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length < 3) return 0;
        double mean = finite.Average(), m2 = finite.Sum(v => (v - mean) * (v - mean)) / finite.Length;
        double m3 = finite.Sum(v => Math.Pow(v - mean, 3)) / finite.Length;
        return m2 <= 0 ? 0 : m3 / Math.Pow(m2, 1.5);
    }
}
