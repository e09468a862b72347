using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Quantiles, MAD and histogram counts of a numeric column: exact from the value counts while the column's distinct
/// values were counted exactly (linear interpolation between order statistics, as pandas' default), otherwise from
/// the KLL sketch within its rank error.
/// </summary>
internal sealed class Distribution
{
    private readonly (double Value, long Count)[]? _exact;
    private readonly long _n;
    private readonly KllSketch? _sketch;

    public Distribution(IEnumerable<(string Value, long Count)>? exact, KllSketch? sketch)
    {
        _sketch = sketch;
        if (exact is not null)
        {
            var parsed = new List<(double, long)>();
            foreach (var (text, count) in exact)
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                    parsed.Add((v, count));
            _exact = parsed.OrderBy(p => p.Item1).ToArray();
            _n = _exact.Sum(p => p.Count);
        }
    }

    public bool IsExact => _exact is not null;

    public long Count => _exact is not null ? _n : _sketch?.Count ?? 0;

    public double Quantile(double q)
    {
        if (_exact is null) return _sketch is { Count: > 0 } ? _sketch.Quantile(q) : double.NaN;
        if (_n == 0) return double.NaN;
        double position = q * (_n - 1);
        long lower = (long)Math.Floor(position);
        double fraction = position - lower;
        double a = OrderStatistic(lower), b = fraction > 0 ? OrderStatistic(lower + 1) : a;
        return a + (b - a) * fraction;
    }

    private double OrderStatistic(long k)
    {
        long seen = 0;
        foreach (var (value, count) in _exact!)
        {
            seen += count;
            if (k < seen) return value;
        }
        return _exact![^1].Value;
    }

    /// <summary>Fraction of values ≤ x.</summary>
    public double Rank(double x)
    {
        if (_exact is null) return _sketch is { Count: > 0 } ? _sketch.Rank(x) : double.NaN;
        long below = 0;
        foreach (var (value, count) in _exact) { if (value <= x) below += count; else break; }
        return _n == 0 ? double.NaN : (double)below / _n;
    }

    /// <summary>Median absolute deviation: the smallest d with at least half the values in [median − d, median + d].</summary>
    public double Mad()
    {
        double median = Quantile(0.5);
        if (double.IsNaN(median)) return double.NaN;
        if (_exact is not null)
        {
            var deviations = _exact.Select(p => (Math.Abs(p.Value - median), p.Count)).OrderBy(p => p.Item1).ToArray();
            return new Distribution(deviations.Select(d => (d.Item1.ToString("R", System.Globalization.CultureInfo.InvariantCulture), d.Count)), null).Quantile(0.5);
        }
        double lo = 0, hi = Math.Max(Quantile(1) - median, median - Quantile(0));
        for (int i = 0; i < 60 && hi - lo > 1e-12 * Math.Max(1, Math.Abs(hi)); i++)
        {
            double mid = (lo + hi) / 2;
            if (Rank(median + mid) - Rank(median - mid - double.Epsilon * Math.Abs(median)) >= 0.5) hi = mid; else lo = mid;
        }
        return hi;
    }

    /// <summary>Counts per equal-width bin between <paramref name="min"/> and <paramref name="max"/> (the last bin includes max).</summary>
    public long[] Histogram(double min, double max, int bins)
    {
        var counts = new long[bins];
        if (bins == 0 || !(max >= min)) return counts;
        double width = (max - min) / bins;
        if (_exact is not null)
        {
            foreach (var (value, count) in _exact)
            {
                int bin = width == 0 ? 0 : (int)Math.Min(bins - 1, Math.Floor((value - min) / width));
                counts[Math.Max(0, bin)] += count;
            }
            return counts;
        }
        long n = Count;
        double previous = 0;
        for (int b = 0; b < bins; b++)
        {
            double upper = b == bins - 1 ? 1.0 : Rank(min + width * (b + 1) - width * 1e-12);
            counts[b] = (long)Math.Round(n * Math.Max(0, upper - previous));
            previous = Math.Max(previous, upper);
        }
        return counts;
    }
}
