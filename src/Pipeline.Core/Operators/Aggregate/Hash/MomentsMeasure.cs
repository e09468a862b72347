using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// <c>var_samp(x)</c> or <c>stddev_samp(x)</c> with Welford's update per value (count, mean, sum of squared
/// deviations), which stays accurate where the textbook sum-of-squares formula cancels. NULL below two values.
/// </summary>
internal sealed class MomentsMeasure(bool standardDeviation) : MeasureState
{
    private long[] _counts = [];
    private double[] _means = [];
    private double[] _m2 = [];

    public override long Bytes => _counts.Length * 24L;

    public override void EnsureGroups(int groups)
    {
        Ensure(ref _counts, groups);
        Ensure(ref _means, groups);
        Ensure(ref _m2, groups);
    }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        var numbers = values.Numbers();
        var counts = _counts;
        var means = _means;
        var m2 = _m2;
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            int g = groups[r];
            double x = numbers[r];
            long n = ++counts[g];
            double delta = x - means[g];
            means[g] += delta / n;
            m2[g] += delta * (x - means[g]);
        }
    }

    public override IArrowArray Build(int start, int count)
    {
        var result = new double[count];
        var valid = new bool[count];
        for (int i = 0; i < count; i++)
        {
            long n = _counts[start + i];
            if (n < 2) continue;
            double variance = _m2[start + i] / (n - 1);
            result[i] = standardDeviation ? Math.Sqrt(variance) : variance;
            valid[i] = true;
        }
        return OutputArrays.Doubles(result, valid);
    }
}
