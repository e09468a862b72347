using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// <c>sum(x)</c>: integers into a checked int64 (an overflow fails the run naming the measure rather than wrapping),
/// floats into a double, decimals into an unscaled 128-bit sum output as decimal(38, s). NULL for a group without
/// a non-null value.
/// </summary>
internal sealed class SumMeasure(ValueKind kind, IArrowType outputType, string name) : MeasureState
{
    private static readonly Int128 DecimalLimit = Int128.Parse("100000000000000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);
    private long[] _longs = [];
    private double[] _doubles = [];
    private Int128[] _decimals = [];
    private bool[] _seen = [];

    public override long Bytes => _longs.Length * 8L + _doubles.Length * 8L + _decimals.Length * 16L + _seen.Length;

    public override void EnsureGroups(int groups)
    {
        Ensure(ref _seen, groups);
        switch (kind)
        {
            case ValueKind.Float: Ensure(ref _doubles, groups); break;
            case ValueKind.Decimal: Ensure(ref _decimals, groups); break;
            default: Ensure(ref _longs, groups); break;
        }
    }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        var seen = _seen;
        switch (kind)
        {
            case ValueKind.Float:
            {
                var numbers = values.Numbers();
                var sums = _doubles;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    sums[groups[r]] += numbers[r];
                    seen[groups[r]] = true;
                }
                break;
            }
            case ValueKind.Decimal:
            {
                var decimals = values.Decimals;
                var sums = _decimals;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    int g = groups[r];
                    var sum = sums[g] + decimals[r];
                    if (sum >= DecimalLimit || sum <= -DecimalLimit) throw Overflow("decimal(38)");
                    sums[g] = sum;
                    seen[g] = true;
                }
                break;
            }
            default:
            {
                var codes = values.Codes;
                var sums = _longs;
                bool unsigned = kind == ValueKind.Unsigned;
                for (int r = 0; r < groups.Length; r++)
                {
                    if (!valid[r]) continue;
                    int g = groups[r];
                    long value = unsigned ? ToInt64(OrderedCode.ToUnsigned(codes[r])) : codes[r];
                    long sum = sums[g] + value;
                    // Overflow happened when both operands have the sign the result lacks.
                    if (((sums[g] ^ sum) & (value ^ sum)) < 0) throw Overflow("int64");
                    sums[g] = sum;
                    seen[g] = true;
                }
                break;
            }
        }
    }

    private long ToInt64(ulong value) => value <= long.MaxValue ? (long)value : throw Overflow("int64");

    private PipelineException Overflow(string type)
        => new(PipelineErrorKind.InvalidInput, $"measure '{name}': the sum overflows {type}");

    public override IArrowArray Build(int start, int count)
    {
        var valid = _seen.AsSpan(start, count);
        return kind switch
        {
            ValueKind.Float => OutputArrays.Doubles(_doubles.AsSpan(start, count), valid),
            ValueKind.Decimal => OutputArrays.Decimals(outputType, _decimals.AsSpan(start, count), valid),
            _ => OutputArrays.FromCodes(Int64Type.Default, _longs.AsSpan(start, count), valid),
        };
    }
}
