using Pipeline.Kernels.Aggregates;
namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Rank and categorical association measures computed on the deterministic row sample.</summary>
internal static class SampleCorrelations
{
    /// <summary>Spearman's rho: Pearson correlation of the average ranks, over rows where both values are present.</summary>
    public static (double Value, long Rows) Spearman(IReadOnlyList<RowSample.SampledRow> rows, int a, int b) => Spearman(rows, a, b, null);

    /// <summary>Spearman's rho, with the ranks of columns that are present in every sampled row taken from
    /// <paramref name="ranks"/> (computed once per column): a table of p numeric columns then sorts p times instead of
    /// p² times (a 400-column table spent minutes sorting the same sample per pair). The result is the same: with both
    /// columns present everywhere, the pairwise-complete rows are all rows (the value may differ in the last bits, as a
    /// dot product of centred ranks sums in another order than the running co-moments).</summary>
    public static (double Value, long Rows) Spearman(IReadOnlyList<RowSample.SampledRow> rows, int a, int b, SampleRanks? ranks)
    {
        if (ranks is not null && ranks.Covers(a, b)) return (ranks.Rho(a, b), ranks.Rows);
        var pairs = rows.Where(r => double.IsFinite(r.Numbers[a]) && double.IsFinite(r.Numbers[b]))
            .Select(r => (r.Numbers[a], r.Numbers[b])).ToArray();
        if (pairs.Length < 3) return (double.NaN, pairs.Length);
        var rx = Ranks(pairs.Select(p => p.Item1).ToArray());
        var ry = Ranks(pairs.Select(p => p.Item2).ToArray());
        var state = new CoMomentState();
        for (int i = 0; i < rx.Length; i++) state.Add(rx[i], ry[i]);
        return (state.Correlation, pairs.Length);
    }

    /// <summary>Average ranks (1-based, ties share their mean rank).</summary>
    internal static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        var keys = (double[])values.Clone();
        Array.Sort(keys, order); // sorts the indices by value without a comparison delegate per step
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Cramér's V (without bias correction) of two categorical columns over rows where both are present.</summary>
    public static (double Value, long Rows) CramersV(IReadOnlyList<RowSample.SampledRow> rows, int a, int b)
    {
        var table = new Dictionary<(ulong, ulong), long>();
        var rowTotals = new Dictionary<ulong, long>();
        var colTotals = new Dictionary<ulong, long>();
        long n = 0;
        foreach (var r in rows)
        {
            ulong x = r.Categories[a], y = r.Categories[b];
            if (x == 0 || y == 0) continue;
            table[(x, y)] = table.GetValueOrDefault((x, y)) + 1;
            rowTotals[x] = rowTotals.GetValueOrDefault(x) + 1;
            colTotals[y] = colTotals.GetValueOrDefault(y) + 1;
            n++;
        }
        int k = Math.Min(rowTotals.Count, colTotals.Count);
        if (n == 0 || k < 2) return (double.NaN, n);
        double chi2 = 0;
        foreach (var (x, rx) in rowTotals)
            foreach (var (y, cy) in colTotals)
            {
                double expected = (double)rx * cy / n;
                double observed = table.GetValueOrDefault((x, y));
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        return (Math.Sqrt(chi2 / (n * (k - 1))), n);
    }
}
