using static Pipeline.Engine.Document.ReportText;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Synthesize.Insights;

/// <summary>
/// Simpson's paradox: a correlation over all rows whose sign is the opposite of the correlation inside the groups of
/// a low-cardinality column. Reported when |overall r| ≥ 0.1, the row-weighted mean of the within-group r has the
/// other sign with magnitude ≥ 0.2, and groups holding at least two thirds of the rows agree with that sign.
/// </summary>
internal static class SimpsonInsights
{
    public static IEnumerable<Insight> Find(InsightInputs inputs)
    {
        var best = new Dictionary<string, Insight>();
        foreach (var g in inputs.Data.GroupCorrelations)
        {
            if (Math.Abs(g.Overall) < 0.1) continue;
            long total = g.Groups.Sum(x => x.Rows);
            if (total == 0) continue;
            double within = g.Groups.Sum(x => x.Pearson * x.Rows) / total;
            if (Math.Sign(within) == Math.Sign(g.Overall) || Math.Abs(within) < 0.2) continue;
            long agreeing = g.Groups.Where(x => Math.Sign(x.Pearson) == Math.Sign(within)).Sum(x => x.Rows);
            if (agreeing * 3 < total * 2) continue;
            double lo = g.Groups.Min(x => x.Pearson), hi = g.Groups.Max(x => x.Pearson);
            var evidence = new List<(string, double)> { ("overall_pearson", g.Overall), ("within_group_pearson_weighted", within), ("rows", g.Rows) };
            evidence.AddRange(g.Groups.Select(x => ($"pearson[{x.Group}]", x.Pearson)));
            var insight = new Insight("simpsons_paradox",
                $"{g.A} vs {g.B}: the correlation reverses within {g.GroupColumn} (overall r = {Signed(g.Overall)}, but {Signed(lo)} to {Signed(hi)} within each {g.GroupColumn})",
                Math.Min(90, 70 + Math.Abs(within - g.Overall) * 15), InsightSeverity.Info, [g.A, g.B, g.GroupColumn], Evidence.Of([.. evidence]), 0.85,
                $"Analyse {g.A} against {g.B} separately for each {g.GroupColumn} (or include {g.GroupColumn} in the model); the pooled correlation is misleading.")
            { Sources = ["groups"] };
            var key = $"{g.A}|{g.B}";
            if (!best.TryGetValue(key, out var current) || insight.Score > current.Score) best[key] = insight;
        }
        return best.Values;
    }
}
