using Pipeline.Kernels.Aggregates;
namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Rank and categorical association measures computed on the deterministic row sample.</summary>
internal static class SampleCorrelations
{
    /// <summary>Spearman's rho: Pearson correlation of the average ranks, over rows where both values are present.</summary>
    public static (double Value, long Rows) Spearman(IReadOnlyList<RowSample.SampledRow> rows, int a, int b)
    {
        var pairs = rows.Where(r => double.IsFinite(r.Numbers[a]) && double.IsFinite(r.Numbers[b]))
            .Select(r => (r.Numbers[a], r.Numbers[b])).ToArray();
        if (pairs.Length < 3) return (double.NaN, pairs.Length);
        var rx = Ranks(pairs.Select(p => p.Item1).ToArray());
        var ry = Ranks(pairs.Select(p => p.Item2).ToArray());
        var state = new CoMomentState();
        for (int i = 0; i < rx.Length; i++) state.Add(rx[i], ry[i]);
        return (state.Correlation, pairs.Length);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
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
