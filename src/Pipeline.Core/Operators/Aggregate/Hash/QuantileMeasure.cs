using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Exact quantiles: every non-null value is kept with its group (flat arrays, no per-group objects); at the end the
/// values are grouped in place and each group's order statistic is selected. <c>quantile_disc(x, q)</c> returns
/// the value at <see cref="Selection.DiscreteIndex"/>, of the input type; the median is DuckDB's
/// <c>quantile_cont(x, 0.5)</c>: with RN = (n - 1) / 2, lo + (hi - lo)·(RN - floor(RN)) between the values at
/// floor(RN) and ceil(RN), as float64. Codes use quickselect; decimals and strings sort their groups.
/// </summary>
internal sealed class QuantileMeasure(ValueKind kind, IArrowType outputType, double quantile, bool continuous, int scale) : MeasureState
{
    private int[] _groupOf = [];
    private long[] _codes = [];
    private Int128[] _decimals = [];
    private int[] _ids = [];
    private int[] _starts = new int[1];
    private byte[] _arena = [];
    private int _count;

    private bool[] _has = [];
    private long[] _resultCodes = [];
    private Int128[] _resultDecimals = [];
    private int[] _resultIds = [];
    private double[] _resultNumbers = [];

    public override long Bytes => _groupOf.Length * 4L + _codes.Length * 8L + _decimals.Length * 16L + _ids.Length * 4L + _starts.Length * 4L + _arena.Length;

    public override void EnsureGroups(int groups) { }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        Ensure(ref _groupOf, _count + groups.Length);
        switch (kind)
        {
            case ValueKind.Decimal: Ensure(ref _decimals, _count + groups.Length); break;
            case ValueKind.Binary: Ensure(ref _ids, _count + groups.Length); Ensure(ref _starts, _count + groups.Length + 1); break;
            default: Ensure(ref _codes, _count + groups.Length); break;
        }
        int n = _count;
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            _groupOf[n] = groups[r];
            switch (kind)
            {
                case ValueKind.Decimal: _decimals[n] = values.Decimals[r]; break;
                case ValueKind.Binary: AppendBytes(n, values.Bytes(r)); break;
                default: _codes[n] = values.Codes[r]; break;
            }
            n++;
        }
        _count = n;
    }

    private void AppendBytes(int id, ReadOnlySpan<byte> value)
    {
        long end = (long)_starts[id] + value.Length;
        if (end > System.Array.MaxLength)
            throw new PipelineException(PipelineErrorKind.ResourcesExhausted, "quantile values exceed 2 GiB in one group pass; set a memory limit so the aggregate spills");
        if (end > _arena.Length) System.Array.Resize(ref _arena, (int)Math.Min(System.Array.MaxLength, Math.Max(end, Math.Max(1024, _arena.Length * 2L))));
        value.CopyTo(_arena.AsSpan(_starts[id]));
        _starts[id + 1] = (int)end;
        _ids[id] = id;
    }

    private ReadOnlySpan<byte> Value(int id) => _arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

    public override void Finish(int groups)
    {
        var groupOf = _groupOf.AsSpan(0, _count);
        var offsets = Selection.Offsets(groupOf, groups);
        _has = new bool[groups];
        _resultNumbers = new double[continuous ? groups : 0];
        switch (kind)
        {
            case ValueKind.Decimal:
                Selection.GroupInPlace(groupOf, _decimals.AsSpan(0, _count), offsets);
                _resultDecimals = new Int128[groups];
                break;
            case ValueKind.Binary:
                Selection.GroupInPlace(groupOf, _ids.AsSpan(0, _count), offsets);
                _resultIds = new int[groups];
                break;
            default:
                Selection.GroupInPlace(groupOf, _codes.AsSpan(0, _count), offsets);
                _resultCodes = new long[groups];
                break;
        }
        for (int g = 0; g < groups; g++)
        {
            int start = offsets[g], n = offsets[g + 1] - start;
            if (n == 0) continue;
            _has[g] = true;
            switch (kind)
            {
                case ValueKind.Decimal: PickDecimal(g, _decimals.AsSpan(start, n)); break;
                case ValueKind.Binary: PickBytes(g, _ids.AsSpan(start, n)); break;
                default: PickCode(g, _codes.AsSpan(start, n)); break;
            }
        }
    }

    private void PickCode(int group, Span<long> values)
    {
        int n = values.Length;
        if (!continuous)
        {
            _resultCodes[group] = Selection.Select(values, Selection.DiscreteIndex(n, quantile));
            return;
        }
        double rn = (n - 1) * 0.5;
        int floor = (int)Math.Floor(rn);
        double lo = OrderedCode.ToNumber(Selection.Select(values, floor), kind);
        if (floor == rn)
        {
            _resultNumbers[group] = lo;
            return;
        }
        // After selection every value past floor is at least lo; the next order statistic is their minimum.
        long next = long.MaxValue;
        foreach (long v in values[(floor + 1)..]) next = Math.Min(next, v);
        double hi = OrderedCode.ToNumber(next, kind);
        _resultNumbers[group] = lo + (hi - lo) * (rn - floor);
    }

    private void PickDecimal(int group, Span<Int128> values)
    {
        values.Sort();
        int n = values.Length;
        if (!continuous)
        {
            _resultDecimals[group] = values[Selection.DiscreteIndex(n, quantile)];
            return;
        }
        double divisor = Math.Pow(10, scale);
        double rn = (n - 1) * 0.5;
        int floor = (int)Math.Floor(rn);
        double lo = (double)values[floor] / divisor;
        double hi = (double)values[(int)Math.Ceiling(rn)] / divisor;
        _resultNumbers[group] = lo + (hi - lo) * (rn - floor);
    }

    private void PickBytes(int group, Span<int> ids)
    {
        ids.Sort((a, b) => Value(a).SequenceCompareTo(Value(b)));
        _resultIds[group] = ids[Selection.DiscreteIndex(ids.Length, quantile)];
    }

    public override IArrowArray Build(int start, int count)
    {
        var valid = _has.AsSpan(start, count);
        if (continuous) return OutputArrays.Doubles(_resultNumbers.AsSpan(start, count), valid);
        return kind switch
        {
            ValueKind.Decimal => OutputArrays.Decimals(outputType, _resultDecimals.AsSpan(start, count), valid),
            ValueKind.Binary => OutputArrays.FromBytes(outputType, valid, i => Value(_resultIds[start + i])),
            _ => OutputArrays.FromCodes(outputType, _resultCodes.AsSpan(start, count), valid),
        };
    }
}
