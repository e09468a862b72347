using Pipeline.Core.History;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// Compares a run's column metrics with a baseline run's: schema changes, then per column present in both with the
/// same kind, the null fraction and distinct count changes, PSI and the Kolmogorov–Smirnov test for numeric columns,
/// the Jensen–Shannon distance and the chi-square test for string and boolean columns. A threshold below what sampling noise gives for the runs' sizes is raised to that level.
/// </summary>
public static class DriftDetector
{
    /// <summary>The drift of <paramref name="current"/> against <paramref name="baseline"/>; nothing when either did not profile.</summary>
    public static DriftReport Compare(RunRecord baseline, RunRecord current, DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var t = thresholds ?? DriftThresholds.Default;
        if (baseline.Columns.Count == 0 || current.Columns.Count == 0) return DriftReport.None;
        var id = baseline.RunId;
        var before = baseline.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var after = current.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var schema = new List<SchemaChangeResult>();
        foreach (var c in current.Columns.Where(c => !before.ContainsKey(c.Name))) schema.Add(new(c.Name, "added", null, c.Type, id));
        foreach (var c in baseline.Columns.Where(c => !after.ContainsKey(c.Name))) schema.Add(new(c.Name, "removed", c.Type, null, id));
        var drift = new List<DriftResult>();
        foreach (var now in current.Columns)
        {
            if (!before.TryGetValue(now.Name, out var was)) continue;
            if (was.Type != now.Type) schema.Add(new(now.Name, "retyped", was.Type, now.Type, id));
            else if (SemanticChange(was, now)) schema.Add(new(now.Name, "semantic_type", was.SemanticType, now.SemanticType, id));
            if (was.Rows > 0 && now.Rows > 0)
            {
                double change = Math.Abs(now.NullFraction - was.NullFraction);
                if (change > t.NullFraction) drift.Add(new(now.Name, "null_fraction_change", Round(change), t.NullFraction, id, "warning"));
            }
            // Distributions compare only like with like: a retyped column is reported as such, not as drift.
            if (was.Kind != now.Kind) continue;
            long n1 = was.Rows - was.Nulls, n2 = now.Rows - now.Nulls;
            if (n1 <= 0 || n2 <= 0) continue;
            // An identifier's values are new every load by design: its distribution is no signal.
            if (now.SemanticType == "id" || was.SemanticType == "id") continue;
            if (now.Kind == "numeric")
            {
                if (PopulationStability.Compute(was, now) is var (psi, bins))
                {
                    double threshold = Math.Max(t.Psi, SamplingNoise.Psi(bins, n1, n2));
                    if (psi > threshold) drift.Add(new(now.Name, "psi", Round(psi), Round(threshold), id, "warning"));
                }
                if (TwoSampleKs.Compute(was, now) is var (d, p) && d > t.KsStatistic && p < t.PValue)
                    drift.Add(new(now.Name, "ks", Round(d), t.KsStatistic, id, "warning") { PValue = RoundP(p) });
            }
            else if (now.Kind is "string" or "boolean")
            {
                if (JensenShannon.Distance(was, now) is var (js, categories))
                {
                    double threshold = Math.Max(t.JsDistance, SamplingNoise.JsDistance(categories, n1, n2));
                    if (js > threshold) drift.Add(new(now.Name, "js_distance", Round(js), Round(threshold), id, "warning"));
                }
                if (ChiSquareHomogeneity.Compute(was, now) is var (_, p, v) && v > t.CramersV && p < t.PValue)
                    drift.Add(new(now.Name, "chi_square", Round(v), t.CramersV, id, "warning") { PValue = RoundP(p) });
            }
            if (DistinctChange(was, now, n1, n2) is { } relative && relative > t.DistinctChange)
                drift.Add(new(now.Name, "distinct_change", Round(relative), t.DistinctChange, id, "warning"));
        }
        return new DriftReport(drift, schema);
    }

    private static double Round(double value) => Math.Round(value, 6);

    /// <summary>The kind of values changed (e.g. category to free text, or email to something else), among the semantic
    /// types that describe values rather than the state of a load (a column that is empty or constant in one load only
    /// is reported by its null fraction or distinct count instead).</summary>
    private static bool SemanticChange(ColumnMetrics was, ColumnMetrics now)
        => was.SemanticType is { } a && now.SemanticType is { } b && a != b
           && a is not ("constant" or "empty") && b is not ("constant" or "empty");

    // p-values are tiny when drift is real: keep three significant digits rather than six decimals.
    private static double RoundP(double p) => double.Parse(p.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The relative change of the distinct count of a column whose values repeat (fewer distinct values than
    /// half its rows in both runs: an id's distinct count follows the load size, a category's should not), when at
    /// least three values came or went.</summary>
    private static double? DistinctChange(ColumnMetrics was, ColumnMetrics now, long n1, long n2)
    {
        if (was.DistinctEstimate * 2 > n1 || now.DistinctEstimate * 2 > n2 || was.DistinctEstimate == 0) return null;
        long change = Math.Abs(now.DistinctEstimate - was.DistinctEstimate);
        if (change < 3) return null;
        double ratio = (double)Math.Max(now.DistinctEstimate, was.DistinctEstimate) / Math.Max(1, Math.Min(now.DistinctEstimate, was.DistinctEstimate));
        return ratio - 1;
    }
}
