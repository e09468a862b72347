using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// Concentration: a small share of a key's values holding a large share of the rows. For a string column with at
/// least 100 distinct values whose top values are counted exactly, the top 1% of values (at most the 10 listed) are
/// compared with the 1% of rows they would hold if spread evenly. Likewise for the sum of each non-negative measure
/// per key (exact sums from the report's key analyzer).
/// </summary>
internal static class ConcentrationInsights
{
    /// <summary>Share (percent) of rows or of a measure held by the top 1% of keys from which it is reported (ten times an even share).</summary>
    public const double MinSharePct = 10;

    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var c in inputs.Data.Concentrations.Where(c => c.SharePct >= MinSharePct))
            yield return new Insight("concentration",
                $"The top 1% of {c.Key} values ({Count(c.TopKeys)} of {Count(c.Keys)}, led by {string.Join(", ", c.Largest)}) hold {Pct(c.SharePct)} of the total {c.Measure}",
                Math.Min(74, 45 + c.SharePct / 2), InsightSeverity.Info, [c.Key, c.Measure],
                Evidence.Of(("top_keys", c.TopKeys), ("keys", c.Keys), ("share_pct", c.SharePct)), 1,
                $"Report {c.Measure} for the largest {c.Key} values separately, and check that they are genuine (not a default or test value).")
            { Sources = ["concentration"] };
        foreach (var c in inputs.Profile.Columns)
        {
            if (c.Kind != "string" || c.DistinctCount < 100 || !c.TopValuesExact || c.Count == 0) continue;
            int k = (int)Math.Ceiling(c.DistinctCount / 100.0);
            if (k > c.TopValues.Count) continue;
            long held = c.TopValues.Take(k).Sum(v => v.Count);
            double share = 100.0 * held / c.Count;
            if (share < MinSharePct) continue;
            yield return new Insight("concentration",
                $"The top 1% of {c.Name} values ({Count(k)} of {Count(c.DistinctCount)}) hold {Pct(share)} of rows",
                Math.Min(70, 40 + share / 2), InsightSeverity.Info, [c.Name],
                Evidence.Of(("top_values", k), ("distinct", c.DistinctCount), ("rows_share_pct", share)), 1,
                $"Report results for the largest {c.Name} values separately; they dominate totals and averages.")
            { Sources = ["profile"] };
        }
    }
}
