using Pipeline.Engine.Test;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.Engine.Results;
using static Pipeline.Engine.Document.ReportText;

namespace Pipeline.Engine.Synthesize.Narrative;

/// <summary>
/// Writes the narratives from the run's results and insights with fixed templates: no sentence states a number that
/// is not in <c>results.json</c> (row counts, rule outcomes, the insights' titles and evidence), so the same run always
/// reads the same.
/// </summary>
public static class NarrativeWriter
{
    /// <summary>The three narratives of a run whose <paramref name="results"/> already hold rules and insights.</summary>
    public static RunNarrative Write(RunResults results, IReadOnlyList<Insight> insights)
        => new(Executive(results, insights), Technical(results, insights), Operational(insights));

    private static List<string> Executive(RunResults r, IReadOnlyList<Insight> insights)
    {
        int columns = r.Schema?.Count ?? 0;
        string source = r.Inputs.Count == 1 ? Path.GetFileName(r.Inputs[0].Path) : $"{r.Inputs.Count} files";
        var problems = insights.Where(i => i.Severity is InsightSeverity.High or InsightSeverity.Medium).ToList();
        var high = insights.Count(i => i.Severity == InsightSeverity.High);
        var failed = r.Rules.Where(x => !x.Passed).Select(x => x.Name).ToList();
        var top = insights.Count > 0 ? insights[0] : null;
        var nextProblem = problems.FirstOrDefault(p => p != top);
        return
        [
            $"We checked {Count(r.Rows.Read, "row")} and {columns} columns from {source}" +
                (r.Rows.Quarantined > 0 ? $"; {Count(r.Rows.Quarantined)} rows were set aside because they could not be used as they are." : "; every row could be used."),
            // The story starts from the top-ranked finding, whatever its kind: a rate by segment, a rule, a defect.
            top is null ? "No notable pattern stood out in the values." : $"The leading finding: {Lower(top.Title)}.",
            // Counts here are ones results.json holds (array lengths), so every number traces back to it.
            r.Rules.Count == 0 ? "No checks were defined for this data."
                : failed.Count == 0 ? $"The data passed all {r.Rules.Count} checks."
                : $"Of {r.Rules.Count} checks, these did not pass: {string.Join(", ", failed)}.",
            high > 0 ? "Some findings are serious enough to fix before the data is trusted for decisions."
                : problems.Count > 0 ? "No finding is serious, but some deserve attention." : "We found no data quality issue that needs attention.",
            nextProblem is not null ? $"The most important problem: {Lower(nextProblem.Title)}."
                : problems.Count > 0 ? "It is also the one problem that needs attention." : "The values look complete and consistent.",
        ];
    }

    private static List<string> Technical(RunResults r, IReadOnlyList<Insight> insights)
    {
        var sentences = new List<string>
        {
            $"Profiled {Count(r.Rows.Written, "row")} that passed validation in one streaming pass: exact counts, moments and Pearson correlations; quantiles exact for small columns, otherwise from a KLL sketch; distinct counts exact up to 10,000 values, otherwise HyperLogLog.",
            $"Rules: {r.Rules.Count} evaluated ({r.Rules.Count(x => x.Severity == "error")} error, {r.Rules.Count(x => x.Severity == "warn")} warn), {r.Rules.Count(x => !x.Passed)} failed; {Count(r.Quarantine.Rows)} rows quarantined.",
            $"Correlations are reported from |r| ≥ {CorrelationInsights.Threshold} (Pearson, all rows) or Cramér's V ≥ {CorrelationInsights.Threshold}; Simpson's paradox is tested for every numeric pair within each string column of at most 12 values (overall |r| ≥ 0.1, opposite row-weighted within-group r with |r| ≥ 0.2).",
            $"Segments: every outcome column (two values, {Analyze.Segments.ColumnRoles.MaxClasses} classes at most, or a measure) against every segment column (at most {Analyze.Segments.ColumnRoles.MaxLevels} values, or a number cut at its quartiles for outcome-like columns) on up to {Count(Analyze.Sampling.TableSampleAnalyzer.DefaultCapacity)} sampled rows: chi-square for rates and shares, Welch's t or Kruskal–Wallis for measures, Benjamini–Hochberg q ≤ {Analyze.Segments.SegmentComparisons.MaxQ} across all pairs, reported from Cramér's V ≥ {Analyze.Segments.SegmentComparisons.MinCramersV} or η² ≥ {Analyze.Segments.SegmentComparisons.MinEtaSquared}; cross-column rules (sums, orders, conditional constants, one-to-one codes) hold in every sampled row with at least {Analyze.Relations.ColumnRelations.MinSupport} rows of support.",
            $"Distributions: skew is reported from |skewness| ≥ {DistributionInsights.SkewThreshold}, extreme values beyond {DistributionInsights.FenceIqrs} interquartile ranges from the quartiles, zeros in otherwise positive measures below 5% of values.",
            $"Time series (numeric columns against the first date or timestamp column, at most 50,000 points kept, else averaged in time buckets): period from the autocorrelation peak (≥ {Seasonality()}), trend from a least-squares line (R² ≥ {SeriesInsights.TrendRSquared}), gaps from the median step, spikes at robust |z| > {Analyze.Series.Spikes.Threshold} after removing the pattern.",
        };
        if (insights.Count > 0)
            sentences.Add($"Findings by kind: {string.Join(", ", insights.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}.");
        var checks = r.Rules.Where(x => DefaultChecks.InsightKindOf(x.Kind) is not null).ToList();
        if (checks.Count > 0) sentences.Add($"Default checks (warn): {string.Join(", ", checks.Select(c => $"{c.Name} {(c.Passed ? "passed" : "failed")}"))}.");
        return sentences;
    }

    private static string Seasonality() => Analyze.Series.Seasonality.MinAutocorrelation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Operational(IReadOnlyList<Insight> insights)
    {
        var todo = insights.Where(i => i.Severity != InsightSeverity.Info)
            .OrderBy(i => InsightSeverity.Rank(i.Severity)).ThenByDescending(i => i.Score).ToList();
        if (todo.Count == 0) return ["Nothing to fix: no finding is a data problem."];
        return todo.Select(i => $"[{i.Severity}] {(i.Columns.Count > 0 ? string.Join(", ", i.Columns) + ": " : "")}{i.Title}. {i.Action}").ToList();
    }

    private static string Lower(string title) => title.Length > 1 && char.IsUpper(title[0]) && !char.IsUpper(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;
}
