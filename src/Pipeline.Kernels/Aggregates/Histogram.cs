namespace Pipeline.Kernels.Aggregates;

/// <summary>Equal-width histograms over a known range (typically the column's min and max from a first pass
/// or from merged <see cref="MomentState"/>s, so per-partition counts add up exactly).</summary>
public static class Histogram
{
    /// <summary>Adds each value to one of <c>counts.Length</c> equal-width bins over [<paramref name="min"/>,
    /// <paramref name="max"/>]; bin i covers [min + i·w, min + (i+1)·w) and the last bin also holds
    /// <paramref name="max"/>. Values outside the range and NaN are ignored. When min equals max every value equal
    /// to it lands in bin 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="counts"/> is empty, or the range is not finite or inverted.</exception>
    public static void Accumulate(ReadOnlySpan<double> values, double min, double max, Span<long> counts)
    {
        if (counts.IsEmpty) throw new ArgumentException("At least one bin is needed.", nameof(counts));
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"Histogram range [{min}, {max}] must be finite and ordered.", nameof(min));
        int bins = counts.Length;
        // Multiplying by the reciprocal width keeps the loop free of divisions; the clamp absorbs the
        // rounding that can push a value just below max into index `bins`.
        double scale = max > min ? bins / (max - min) : 0;
        int last = bins - 1;
        foreach (double v in values)
        {
            // Written as !(in range) so NaN, which fails every comparison, is skipped too.
            if (!(v >= min && v <= max)) continue;
            int index = (int)((v - min) * scale);
            counts[index > last ? last : index]++;
        }
    }

    /// <summary>Number of bins for <paramref name="n"/> values: Sturges' rule ⌈log2 n⌉ + 1, capped to [1, 50].
    /// Sturges needs no spread estimate (Freedman-Diaconis needs the IQR, which a one-pass profile only has
    /// approximately), and matches numpy's <c>bins='sturges'</c>.</summary>
    public static int AutoBinCount(long n)
    {
        if (n <= 1) return 1;
        int bins = (int)Math.Ceiling(Math.Log2(n)) + 1;
        return Math.Clamp(bins, 1, 50);
    }
}
