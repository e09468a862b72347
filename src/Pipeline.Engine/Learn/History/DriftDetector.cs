using Pipeline.Core.History;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// Compares a run's column metrics with a baseline run's: schema changes, then per column present in both with the
/// same kind, the null fraction change, PSI for numeric columns and the Jensen–Shannon distance for string and
/// boolean columns. A threshold below what sampling noise gives for the runs' sizes is raised to that level.
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
            if (was.Rows > 0 && now.Rows > 0)
            {
                double change = Math.Abs(now.NullFraction - was.NullFraction);
                if (change > t.NullFraction) drift.Add(new(now.Name, "null_fraction_change", Round(change), t.NullFraction, id, "warning"));
            }
            // Distributions compare only like with like: a retyped column is reported as such, not as drift.
            if (was.Kind != now.Kind) continue;
            long n1 = was.Rows - was.Nulls, n2 = now.Rows - now.Nulls;
            if (n1 <= 0 || n2 <= 0) continue;
            if (now.Kind == "numeric" && PopulationStability.Compute(was, now) is var (psi, bins))
            {
                double threshold = Math.Max(t.Psi, SamplingNoise.Psi(bins, n1, n2));
                if (psi > threshold) drift.Add(new(now.Name, "psi", Round(psi), Round(threshold), id, "warning"));
            }
            else if (now.Kind is "string" or "boolean" && JensenShannon.Distance(was, now) is var (js, categories))
            {
                double threshold = Math.Max(t.JsDistance, SamplingNoise.JsDistance(categories, n1, n2));
                if (js > threshold) drift.Add(new(now.Name, "js_distance", Round(js), Round(threshold), id, "warning"));
            }
        }
        return new DriftReport(drift, schema);
    }

    private static double Round(double value) => Math.Round(value, 6);
}
