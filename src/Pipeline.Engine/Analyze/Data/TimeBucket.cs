namespace Pipeline.Engine.Analyze.Data;

/// <summary>Sums and extremes of the values that fell into one time bucket, per value column.</summary>
internal sealed class TimeBucket
{
    /// <summary>A bucket for <paramref name="columns"/> value columns.</summary>
    public TimeBucket(int columns)
    {
        Sum = new double[columns];
        Count = new long[columns];
        Min = Enumerable.Repeat(double.PositiveInfinity, columns).ToArray();
        Max = Enumerable.Repeat(double.NegativeInfinity, columns).ToArray();
    }

    /// <summary>Sum of the finite values per column.</summary>
    public double[] Sum { get; }
    /// <summary>Finite values per column.</summary>
    public long[] Count { get; }
    /// <summary>Smallest value per column.</summary>
    public double[] Min { get; }
    /// <summary>Largest value per column.</summary>
    public double[] Max { get; }

    /// <summary>Folds one value of column <paramref name="c"/>.</summary>
    public void Add(int c, double value)
    {
        if (!double.IsFinite(value)) return;
        Sum[c] += value;
        Count[c]++;
        Min[c] = Math.Min(Min[c], value);
        Max[c] = Math.Max(Max[c], value);
    }

    /// <summary>Folds another bucket.</summary>
    public void Merge(TimeBucket other)
    {
        for (int c = 0; c < Sum.Length; c++)
        {
            Sum[c] += other.Sum[c];
            Count[c] += other.Count[c];
            Min[c] = Math.Min(Min[c], other.Min[c]);
            Max[c] = Math.Max(Max[c], other.Max[c]);
        }
    }

    /// <summary>The mean of column <paramref name="c"/>, NaN when the bucket has none of its values.</summary>
    public double Mean(int c) => Count[c] == 0 ? double.NaN : Sum[c] / Count[c];
}
