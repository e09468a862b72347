using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// <c>avg(x)</c> as float64: integers and decimals are summed exactly in 128 bits (no overflow, no rounding until
/// the one division), floats in a double. NULL for a group without a non-null value.
/// </summary>
internal sealed class AvgMeasure(ValueKind kind, int scale) : MeasureState
{
    private Int128[] _exact = [];
    private double[] _sums = [];
    private long[] _counts = [];

    public override long Bytes => _exact.Length * 16L + _sums.Length * 8L + _counts.Length * 8L;

    public override void EnsureGroups(int groups)
    {
        Ensure(ref _counts, groups);
        if (kind == ValueKind.Float) Ensure(ref _sums, groups);
        else Ensure(ref _exact, groups);
    }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        var counts = _counts;
        switch (kind)
        {
            case ValueKind.Float:
            {
                var numbers = values.Numbers();
                var sums = _sums;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    sums[groups[r]] += numbers[r];
                    counts[groups[r]]++;
                }
                break;
            }
            case ValueKind.Decimal:
            {
                var decimals = values.Decimals;
                var sums = _exact;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    sums[groups[r]] += decimals[r];
                    counts[groups[r]]++;
                }
                break;
            }
            default:
            {
                var codes = values.Codes;
                var sums = _exact;
                bool unsigned = kind == ValueKind.Unsigned;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    sums[groups[r]] += unsigned ? (Int128)OrderedCode.ToUnsigned(codes[r]) : codes[r];
                    counts[groups[r]]++;
                }
                break;
            }
        }
    }

    public override IArrowArray Build(int start, int count)
    {
        var means = new double[count];
        var valid = new bool[count];
        double divisor = Math.Pow(10, scale);
        for (int i = 0; i < count; i++)
        {
            long n = _counts[start + i];
            if (n == 0) continue;
            valid[i] = true;
            means[i] = kind == ValueKind.Float ? _sums[start + i] / n
                : kind == ValueKind.Decimal ? (double)_exact[start + i] / divisor / n
                : (double)_exact[start + i] / n;
        }
        return OutputArrays.Doubles(means, valid);
    }
}
