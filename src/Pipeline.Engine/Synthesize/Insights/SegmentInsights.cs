using System.Globalization;
using Pipeline.Engine.Analyze.Segments;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// Outcomes that differ by segment, the sentence an analyst leads with ("the rate is 74% in A and 19% in B"): the
/// highest and lowest level with their counts and 95% intervals, from <see cref="SegmentComparisons"/>. One finding
/// per outcome column (columns correlated at |r| ≥ 0.9 count as one) and at most two per segment column (the strongest), at most <see cref="MaxFindings"/> in all,
/// so a column that drives everything does not crowd out the rest.
/// </summary>
internal static class SegmentInsights
{
    /// <summary>Most segment findings reported.</summary>
    public const int MaxFindings = 5;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        var sample = inputs.Data.Sample;
        var perSegment = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var ranked = SegmentComparisons.Find(sample, inputs.Profile).Select(f => (Finding: f, Score: Score(f, sample.Rows)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Finding.Outcome, StringComparer.Ordinal).ThenBy(x => x.Finding.Segment, StringComparer.Ordinal);
        int count = 0;
        foreach (var (f, score) in ranked)
        {
            if (count == MaxFindings) yield break;
            // Measures that move together (|r| ≥ 0.9: carat, x, y, z) are one outcome: one of them says it.
            if (outcomes.Any(o => o == f.Outcome || Math.Abs(SegmentComparisons.Pearson(inputs.Profile, o, f.Outcome)) >= 0.9)
                || perSegment.GetValueOrDefault(f.Segment) >= 2) continue;
            outcomes.Add(f.Outcome);
            perSegment[f.Segment] = perSegment.GetValueOrDefault(f.Segment) + 1;
            count++;
            yield return ToInsight(f, score, sample.IsComplete ? null : sample.Rows);
        }
    }

    /// <summary>Effect × coverage × surprise, from 40 to 85. The effect is η for a measure, Cramér's V for a class
    /// share, and for a rate V or twice the gap between the highest and lowest level, whichever is larger (a gap of 50
    /// points is as strong as a difference gets). Coverage is the square root of the share of sampled rows compared. A level-by-level
    /// rule (every segment one class) is less of a surprise: it is reported as a rule too.</summary>
    internal static double Score(SegmentFinding f, int sampleRows)
    {
        double effect = f.Kind switch
        {
            OutcomeKind.Measure => Math.Sqrt(f.Effect),
            OutcomeKind.Binary => Math.Max(f.Effect, 2 * (f.Levels[0].Value - f.Levels[^1].Value)),
            _ => f.Effect,
        };
        double coverage = Math.Sqrt(sampleRows == 0 ? 0 : (double)f.Rows / sampleRows);
        double surprise = f.Deterministic ? 0.6 : 1;
        return 40 + 45 * Math.Min(1, effect) * coverage * surprise;
    }

    private static Insight ToInsight(SegmentFinding f, double score, int? sampledRows)
    {
        var (top, bottom) = (f.Levels[0], f.Levels[^1]);
        string effect = f.Kind == OutcomeKind.Measure ? $"η² = {Num(f.Effect, 2)}" : $"Cramér's V = {Num(f.Effect, 2)}";
        string test = f.Test switch { "welch_t" => "Welch's t", "kruskal_wallis" => "Kruskal–Wallis", _ => "chi-square" };
        string tail = $"{effect}, {test} q {QText(f.Q)} over {Count(f.PairsTested, "pair")} tested" + (sampledRows is { } s ? $", on a sample of {Count(s, "row")}" : "");
        string title = f.Kind switch
        {
            OutcomeKind.Binary => $"The rate of {f.Outcome} = {f.Class} is {Rate(top)} for {Where(f, top)} and {Rate(bottom)} for {Where(f, bottom)} ({tail})",
            OutcomeKind.Classes => $"{f.Outcome} is {f.Class} in {Rate(top)} of rows with {Where(f, top)} and {Rate(bottom)} with {Where(f, bottom)} ({tail})",
            _ when f.Statistic == "median" => $"The median {f.Outcome} is {Mean(top)} for {Where(f, top)} and {Mean(bottom)} for {Where(f, bottom)} ({tail})",
            _ => $"{f.Outcome} averages {Mean(top)} for {Where(f, top)} and {Mean(bottom)} for {Where(f, bottom)} ({tail})",
        };
        // Every number of the title is in the evidence as written (rates in percent), so narratives quoting the title
        // trace back to results.json.
        var evidence = new List<(string, double)>
        {
            (f.Kind == OutcomeKind.Measure ? "eta_squared" : "cramers_v", f.Effect), ("p_value", f.P), ("q_value", f.Q),
            ("pairs_tested", f.PairsTested), ("rows", f.Rows), ("levels", f.Levels.Count), ("interval_pct", 95),
        };
        if (f.Q < 0.001) evidence.Add(("q_below", 0.001));
        if (sampledRows is { } sampled) evidence.Add(("sample_rows", sampled));
        bool rate = f.Kind != OutcomeKind.Measure;
        string value = rate ? "rate_pct" : f.Statistic;
        foreach (var l in f.Levels)
        {
            double scale = rate ? 100 : 1;
            evidence.Add(($"{value}[{l.Level}]", scale * l.Value));
            evidence.Add(($"n[{l.Level}]", l.Rows));
            evidence.Add(($"{value}_low[{l.Level}]", scale * l.Low));
            evidence.Add(($"{value}_high[{l.Level}]", scale * l.High));
        }
        string action = f.Kind == OutcomeKind.Measure
            ? $"Report {f.Outcome} by {f.Segment} rather than one overall mean; check what else differs between the {f.Segment} groups before reading it as cause."
            : $"Report the {f.Outcome} rate by {f.Segment}; model {f.Outcome} with {f.Segment} as a factor, and check for confounders before reading it as cause.";
        return new Insight("segment_difference", title, score, InsightSeverity.Info, [f.Outcome, f.Segment], Evidence.Of([.. evidence]),
            Math.Round(1 - Math.Min(1, f.Q), 4), action) { Sources = ["segments"] };
    }

    private static string Where(SegmentFinding f, SegmentLevel l) => f.Binned ? $"{f.Segment} {l.Level}" : $"{f.Segment} = {l.Level}";

    private static string Rate(SegmentLevel l)
        => $"{Pct(100 * l.Value)} (n = {Count(l.Rows)}, 95% CI {Pct(100 * l.Low)}–{Pct(100 * l.High)})";

    private static string Mean(SegmentLevel l)
        => double.IsNaN(l.Low) ? $"{Num(l.Value)} (n = {Count(l.Rows)})" : $"{Num(l.Value)} (n = {Count(l.Rows)}, 95% CI {Num(l.Low)}–{Num(l.High)})";

    private static string QText(double q) => q < 0.001 ? "< 0.001" : "= " + q.ToString("0.###", CultureInfo.InvariantCulture);
}
