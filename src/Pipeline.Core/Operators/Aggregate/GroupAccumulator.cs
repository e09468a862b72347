namespace Pipeline.Core.Operators.Aggregate;

/// <summary>The running aggregates of one group: a row count and, per aggregate, count, sum, min and max.</summary>
internal sealed class GroupAccumulator(int aggregates)
{
    public long Rows;
    public readonly long[] Counts = new long[aggregates];
    public readonly double[] Sums = new double[aggregates];
    public readonly double[] Mins = new double[aggregates];
    public readonly double[] Maxes = new double[aggregates];
    /// <summary>Whether a non-NaN value was seen (min and max are set).</summary>
    public readonly bool[] Ordered = new bool[aggregates];
    /// <summary>Whether only NaN was seen among the values.</summary>
    public readonly bool[] SawNaN = new bool[aggregates];
    public readonly long[] Distinct = new long[aggregates];

    public void Add(int aggregate, double value)
    {
        Counts[aggregate]++;
        Sums[aggregate] += value;
        if (double.IsNaN(value)) { SawNaN[aggregate] = true; return; }
        if (!Ordered[aggregate])
        {
            Mins[aggregate] = Maxes[aggregate] = value;
            Ordered[aggregate] = true;
            return;
        }
        if (value < Mins[aggregate]) Mins[aggregate] = value;
        if (value > Maxes[aggregate]) Maxes[aggregate] = value;
    }
}
