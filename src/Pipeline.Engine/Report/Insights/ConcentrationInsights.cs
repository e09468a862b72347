using static Pipeline.Engine.Report.ReportText;

namespace Pipeline.Engine.Report.Insights;

/// <summary>
/// Concentration: a small share of a key's values holding a large share of the rows. For a string column with at
/// least 100 distinct values whose top values are counted exactly, the top 1% of values (at most the 10 listed) are
/// compared with the 1% of rows they would hold if spread evenly.
/// </summary>
internal static class ConcentrationInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        foreach (var c in inputs.Profile.Columns)
        {
            if (c.Kind != "string" || c.DistinctCount < 100 || !c.TopValuesExact || c.Count == 0) continue;
            int k = (int)Math.Ceiling(c.DistinctCount / 100.0);
            if (k > c.TopValues.Count) continue;
            long held = c.TopValues.Take(k).Sum(v => v.Count);
            double share = 100.0 * held / c.Count;
            if (share < 10) continue;
            yield return new Insight("concentration",
                $"The top 1% of {c.Name} values ({Count(k)} of {Count(c.DistinctCount)}) hold {Pct(share)} of rows",
                Math.Min(70, 40 + share / 2), InsightSeverity.Info, [c.Name],
                Evidence.Of(("top_values", k), ("distinct", c.DistinctCount), ("rows_share_pct", share)), 1,
                $"Report results for the largest {c.Name} values separately; they dominate totals and averages.")
            { Sources = ["profile"] };
        }
    }
}
