using System.Globalization;
using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>
/// Several runs' column metrics pooled into one, as if their rows had been profiled together (the <c>window:N</c>
/// baseline): counts add up, means and standard deviations combine exactly, the quantiles are those of the mixture of
/// the runs' distributions (weighted by their values), and top values add up their counts.
/// </summary>
public static class PooledRuns
{
    /// <summary>The pooled record, named after the newest run, with the newest run's columns.</summary>
    /// <param name="runs">The runs, newest first; at least one.</param>
    public static RunRecord Pool(IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("nothing to pool", nameof(runs));
        if (runs.Count == 1) return runs[0];
        var newest = runs[0];
        var columns = newest.Columns.Select(c => Pool(c, runs.Select(r => r.Columns.FirstOrDefault(x => x.Name == c.Name && x.Kind == c.Kind))
            .OfType<ColumnMetrics>().ToList())).ToList();
        return newest with { Columns = columns, RowsRead = runs.Sum(r => r.RowsRead) };
    }

    private static ColumnMetrics Pool(ColumnMetrics newest, List<ColumnMetrics> parts)
    {
        long rows = parts.Sum(p => p.Rows), nulls = parts.Sum(p => p.Nulls);
        var withMean = parts.Where(p => p.Mean is { } m && double.IsFinite(m) && p.Rows - p.Nulls > 0).ToList();
        double? mean = null, sd = null;
        if (withMean.Count > 0)
        {
            double n = withMean.Sum(p => (double)(p.Rows - p.Nulls));
            double m = withMean.Sum(p => (p.Rows - p.Nulls) * p.Mean!.Value) / n;
            mean = m;
            if (withMean.All(p => p.Stddev is { } s && double.IsFinite(s)))
                sd = Math.Sqrt(withMean.Sum(p => (p.Rows - p.Nulls) * (p.Stddev!.Value * p.Stddev.Value + (p.Mean!.Value - m) * (p.Mean.Value - m))) / n);
        }
        var top = parts.SelectMany(p => p.TopValues).GroupBy(t => t.Value, StringComparer.Ordinal)
            .Select(g => new TopValue(g.Key, g.Sum(t => t.Count))).OrderByDescending(t => t.Count).ThenBy(t => t.Value, StringComparer.Ordinal)
            .Take(Math.Max(newest.TopValues.Count, 20)).ToList();
        return newest with
        {
            Rows = rows,
            Nulls = nulls,
            DistinctEstimate = parts.Max(p => p.DistinctEstimate),
            Mean = mean,
            Stddev = sd,
            Min = Extreme(parts.Select(p => p.Min), newest.Min, min: true),
            Max = Extreme(parts.Select(p => p.Max), newest.Max, min: false),
            Quantiles = MixtureQuantiles(parts),
            TopValues = top,
        };
    }

    /// <summary>The quantiles of the runs' distributions mixed by their number of values, found by bisection.</summary>
    private static IReadOnlyList<double> MixtureQuantiles(List<ColumnMetrics> parts)
    {
        var cdfs = parts.Select(p => (Cdf: QuantileCdf.Of(p), Weight: (double)(p.Rows - p.Nulls))).Where(x => x.Cdf is not null && x.Weight > 0).ToList();
        if (cdfs.Count == 0) return [];
        double total = cdfs.Sum(x => x.Weight);
        double lo = cdfs.Min(x => x.Cdf!.Knots[0]), hi = cdfs.Max(x => x.Cdf!.Knots[^1]);
        double F(double x) => cdfs.Sum(c => c.Weight * c.Cdf!.At(x)) / total;
        var result = new List<double>();
        foreach (var level in ColumnMetrics.QuantileLevels)
        {
            double a = lo, b = hi;
            for (int i = 0; i < 80 && b > a; i++)
            {
                double mid = a + (b - a) / 2;
                if (F(mid) >= level) b = mid; else a = mid;
            }
            result.Add(b);
        }
        return result;
    }

    private static string? Extreme(IEnumerable<string?> values, string? fallback, bool min)
    {
        var numbers = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).ToList();
        if (numbers.Count == 0 || numbers.Any(n => n is null)) return fallback;
        double pick = min ? numbers.Min(n => n!.Value) : numbers.Max(n => n!.Value);
        return pick.ToString("R", CultureInfo.InvariantCulture);
    }
}
