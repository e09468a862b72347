using System.Numerics.Tensors;

namespace Pipeline.Kernels.Aggregates;

/// <summary>Mergeable running moments of a numeric column: count, mean, central moment sums M2..M4
/// (Welford / Pébay), sum, min, max, and exact counts of zeros, negatives, infinities and NaN.</summary>
/// <remarks>
/// <para>Only finite values are folded into <see cref="Count"/>, the moments, <see cref="Sum"/>, <see cref="Min"/>,
/// <see cref="Max"/>, <see cref="Zeros"/> and <see cref="Negatives"/>; NaN and ±∞ are only counted
/// (<see cref="NaN"/>, <see cref="PositiveInfinity"/>, <see cref="NegativeInfinity"/>), so one bad value cannot
/// poison the mean. <see cref="Zeros"/> counts +0 and -0; <see cref="Negatives"/> counts finite values below zero.</para>
/// <para>Start from <c>new MomentState()</c> (Min = +∞, Max = -∞). A <c>default</c> instance is also safe:
/// every update treats Min/Max as unset while <see cref="Count"/> is 0.</para>
/// <para>Merging is commutative and associative up to floating-point rounding (Chan / Pébay pairwise formulas),
/// so per-thread or per-partition states combine to the single-pass result.</para>
/// </remarks>
public struct MomentState
{
    /// <summary>Number of finite values folded into the moments.</summary>
    public long Count;
    /// <summary>Mean of the finite values.</summary>
    public double Mean;
    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2;
    /// <summary>Sum of cubed deviations from the mean.</summary>
    public double M3;
    /// <summary>Sum of fourth-power deviations from the mean.</summary>
    public double M4;
    /// <summary>Sum of the finite values.</summary>
    public double Sum;
    /// <summary>Smallest finite value; +∞ when <see cref="Count"/> is 0.</summary>
    public double Min;
    /// <summary>Largest finite value; -∞ when <see cref="Count"/> is 0.</summary>
    public double Max;
    /// <summary>Values equal to zero (either sign).</summary>
    public long Zeros;
    /// <summary>Finite values below zero.</summary>
    public long Negatives;
    /// <summary>Values equal to +∞.</summary>
    public long PositiveInfinity;
    /// <summary>Values equal to -∞.</summary>
    public long NegativeInfinity;
    /// <summary>NaN values.</summary>
    public long NaN;

    /// <summary>An empty state (Min = +∞, Max = -∞).</summary>
    public MomentState()
    {
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    /// <summary>Folds one value (Pébay's online update); NaN and infinities are only counted.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            if (double.IsNaN(value)) NaN++;
            else if (value > 0) PositiveInfinity++;
            else NegativeInfinity++;
            return;
        }
        if (Count == 0) { Min = value; Max = value; }
        else { if (value < Min) Min = value; if (value > Max) Max = value; }
        if (value == 0) Zeros++;
        else if (value < 0) Negatives++;
        Sum += value;

        long n1 = Count;
        long n = ++Count;
        double delta = value - Mean;
        double deltaN = delta / n;
        double deltaN2 = deltaN * deltaN;
        double term1 = delta * deltaN * n1;
        Mean += deltaN;
        M4 += term1 * deltaN2 * ((double)n * n - 3.0 * n + 3) + 6 * deltaN2 * M2 - 4 * deltaN * M3;
        M3 += term1 * deltaN * (n - 2) - 3 * deltaN * M2;
        M2 += term1;
    }

    /// <summary>Folds a span of values (no nulls): a vectorised two-pass over the batch, then one merge.</summary>
    /// <remarks>Min, max and sum run through <c>TensorPrimitives</c>; the deviation sums run through a fused
    /// hand-written kernel (path chosen by <see cref="KernelDispatch.Current"/>). A non-finite batch sum means the
    /// span holds NaN or ±∞ (or overflows), and only then does the batch take the per-value path.</remarks>
    public void AddRange(ReadOnlySpan<double> values) => AddRange(values, KernelDispatch.Current);

    internal void AddRange(ReadOnlySpan<double> values, Isa isa)
    {
        if (values.IsEmpty) return;
        double sum = TensorPrimitives.Sum(values);
        if (!double.IsFinite(sum))
        {
            foreach (double v in values) Add(v);
            return;
        }
        var batch = new MomentState
        {
            Count = values.Length,
            Sum = sum,
            Mean = sum / values.Length,
            Min = TensorPrimitives.Min(values),
            Max = TensorPrimitives.Max(values),
        };
        if (batch.Min == batch.Max)
        {
            // A constant batch has no spread; setting it exactly keeps variance 0 instead of rounding noise
            // from sum / n not reproducing the value.
            batch.Mean = batch.Min;
            if (batch.Min == 0) batch.Zeros = values.Length;
            else if (batch.Min < 0) batch.Negatives = values.Length;
        }
        else
        {
            var s = CentralMoments.Compute(values, batch.Mean, isa);
            batch.M2 = s.S2; batch.M3 = s.S3; batch.M4 = s.S4;
            batch.Zeros = s.Zeros; batch.Negatives = s.Negatives;
        }
        Merge(in batch);
    }

    /// <summary>Combines another state into this one (Chan et al. / Pébay 2008 pairwise update).</summary>
    public void Merge(in MomentState other)
    {
        // Copy first: `other` may alias this state (s.Merge(in s)), and the updates below would change it mid-way.
        MomentState o = other;
        MergeCopy(ref o);
    }

    private void MergeCopy(ref MomentState other)
    {
        Zeros += other.Zeros;
        Negatives += other.Negatives;
        PositiveInfinity += other.PositiveInfinity;
        NegativeInfinity += other.NegativeInfinity;
        NaN += other.NaN;
        if (other.Count == 0) return;
        if (Count == 0)
        {
            Count = other.Count; Mean = other.Mean; M2 = other.M2; M3 = other.M3; M4 = other.M4;
            Sum = other.Sum; Min = other.Min; Max = other.Max;
            return;
        }
        double na = Count, nb = other.Count, n = na + nb;
        double delta = other.Mean - Mean, delta2 = delta * delta;
        double m2 = M2 + other.M2 + delta2 * na * nb / n;
        double m3 = M3 + other.M3
            + delta2 * delta * na * nb * (na - nb) / (n * n)
            + 3 * delta * (na * other.M2 - nb * M2) / n;
        double m4 = M4 + other.M4
            + delta2 * delta2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
            + 6 * delta2 * (na * na * other.M2 + nb * nb * M2) / (n * n)
            + 4 * delta * (na * other.M3 - nb * M3) / n;
        Mean += delta * nb / n;
        M2 = m2; M3 = m3; M4 = m4;
        Count += other.Count;
        Sum += other.Sum;
        if (other.Min < Min) Min = other.Min;
        if (other.Max > Max) Max = other.Max;
    }

    /// <summary>True when every folded value is the same, so the spread is exactly zero whatever the rounding in M2.</summary>
    private readonly bool IsConstant => Count > 0 && Min == Max;

    /// <summary>Sample variance (divisor n - 1); NaN when <see cref="Count"/> &lt; 2, exactly 0 for a constant column.</summary>
    public readonly double Variance => Count < 2 ? double.NaN : IsConstant ? 0 : Math.Max(M2, 0) / (Count - 1);

    /// <summary>Sample standard deviation, the square root of <see cref="Variance"/>.</summary>
    public readonly double StdDev => Math.Sqrt(Variance);

    /// <summary>Sample skewness as pandas <c>Series.skew()</c> computes it (adjusted Fisher-Pearson G1 =
    /// n·√(n-1)/(n-2) · M3 / M2^1.5). NaN when n &lt; 3 or the variance is zero (pandas returns 0 there; a
    /// skewness of a constant is undefined, and NaN keeps a "skewed" alert from firing on it).</summary>
    public readonly double Skewness
    {
        get
        {
            if (Count < 3 || IsConstant || M2 <= 0) return double.NaN;
            double n = Count;
            return n * Math.Sqrt(n - 1) / (n - 2) * (M3 / Math.Pow(M2, 1.5));
        }
    }

    /// <summary>Sample excess kurtosis as pandas <c>Series.kurt()</c> computes it (Fisher G2:
    /// n(n+1)(n-1)·M4 / ((n-2)(n-3)·M2²) - 3(n-1)²/((n-2)(n-3))). NaN when n &lt; 4 or the variance is zero.</summary>
    public readonly double Kurtosis
    {
        get
        {
            if (Count < 4 || IsConstant || M2 <= 0) return double.NaN;
            double n = Count;
            double numerator = n * (n + 1) * (n - 1) * M4;
            double denominator = (n - 2) * (n - 3) * M2 * M2;
            return numerator / denominator - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        }
    }
}
