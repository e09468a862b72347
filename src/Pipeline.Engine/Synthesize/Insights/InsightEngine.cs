using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// Runs every insight check, merges findings that describe the same fact (same topic and columns; a failed default
/// check folds into the profile finding it restates), and ranks them by score (then severity, then title).
/// </summary>
public static class InsightEngine
{
    /// <summary>Most insights kept.</summary>
    public const int MaxInsights = 40;

    /// <summary>Ranked, merged insights.</summary>
    public static IReadOnlyList<Insight> Find(InsightInputs inputs)
    {
        var found = new List<Insight>();
        found.AddRange(RuleInsights.Find(inputs));
        found.AddRange(QualityInsights.Find(inputs));
        found.AddRange(DistributionInsights.Find(inputs));
        found.AddRange(CorrelationInsights.Find(inputs));
        found.AddRange(SimpsonInsights.Find(inputs));
        found.AddRange(SegmentInsights.Find(inputs));
        var shapes = GroupShapeInsights.Find(inputs).ToList();
        // The pooled correlation of a pair whose groups differ in shape is the trap, not a finding.
        found.RemoveAll(i => i.Kind == "strong_correlation" && shapes.Any(s => s.Columns.Take(2).Order(StringComparer.Ordinal).SequenceEqual(i.Columns.Order(StringComparer.Ordinal))));
        found.AddRange(shapes);
        found.AddRange(RelationInsights.Find(inputs));
        found.AddRange(SeriesInsights.Find(inputs));
        found.AddRange(ConcentrationInsights.Find(inputs));
        // A column missing exactly where another column says it should be: the structural finding replaces the
        // plain "missing" one for it (and its failed no-empty default check folds into nothing else).
        var structural = StructuralMissingInsights.Columns(inputs);
        found.RemoveAll(i => i.Kind is "missing" && i.Columns.Count == 1 && structural.Contains(i.Columns[0]));
        found.AddRange(StructuralMissingInsights.Find(inputs));
        return Rank(Merge(found));
    }

    /// <summary>The run's insights with <paramref name="more"/> added (e.g. what the run history found after the run),
    /// merged and ranked as one list.</summary>
    public static IReadOnlyList<Insight> Add(IReadOnlyList<Insight> insights, IEnumerable<Insight> more)
    {
        ArgumentNullException.ThrowIfNull(insights);
        ArgumentNullException.ThrowIfNull(more);
        var added = more.ToList();
        return added.Count == 0 ? insights : Rank(Merge(insights.Concat(added)));
    }

    /// <summary>Merges insights with the same <see cref="InsightMerging.MergeKey"/>; then folds column-less rule findings
    /// into the same-topic findings that name columns.</summary>
    internal static List<Insight> Merge(IEnumerable<Insight> insights)
    {
        var byKey = new Dictionary<string, Insight>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var insight in insights)
        {
            if (byKey.TryGetValue(insight.MergeKey(), out var existing)) byKey[insight.MergeKey()] = Combine(existing, insight);
            else { byKey[insight.MergeKey()] = insight; order.Add(insight.MergeKey()); }
        }
        var merged = order.Select(k => byKey[k]).ToList();
        foreach (var rule in merged.Where(i => i.Sources.Contains("rules") && i.Columns.Count == 0).ToList())
        {
            var topic = InsightTopics.Of(rule.Kind);
            var targets = merged.Where(i => i != rule && InsightTopics.Of(i.Kind) == topic).ToList();
            if (targets.Count == 0) continue;
            merged.Remove(rule);
            foreach (var target in targets) merged[merged.IndexOf(target)] = Combine(target, rule);
        }
        return merged;
    }

    /// <summary>One finding from two: the higher-scored one's words, the more severe severity, all evidence and sources.</summary>
    private static Insight Combine(Insight a, Insight b)
    {
        // The wording of a data finding reads better than a restated rule failure, whatever their scores.
        bool aRule = a.Sources.SequenceEqual(["rules"]), bRule = b.Sources.SequenceEqual(["rules"]);
        var (lead, other) = aRule != bRule ? (bRule ? (a, b) : (b, a)) : a.Score >= b.Score ? (a, b) : (b, a);
        var evidence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in other.Evidence) evidence[k] = v;
        foreach (var (k, v) in lead.Evidence) evidence[k] = v;
        return lead with
        {
            Score = Math.Max(a.Score, b.Score),
            Severity = InsightSeverity.Rank(a.Severity) <= InsightSeverity.Rank(b.Severity) ? a.Severity : b.Severity,
            Evidence = evidence,
            Confidence = Math.Max(a.Confidence, b.Confidence),
            Sources = a.Sources.Concat(b.Sources).Distinct().Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static List<Insight> Rank(IEnumerable<Insight> insights) => insights
        .Select(i => i with { Score = Math.Round(i.Score, 1), Confidence = Math.Round(i.Confidence, 2) })
        .OrderByDescending(i => i.Score).ThenBy(i => InsightSeverity.Rank(i.Severity)).ThenBy(i => i.Title, StringComparer.Ordinal)
        .Take(MaxInsights).ToList();
}
