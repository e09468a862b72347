using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Measures that keep one input value per group: min, max (by the code order: numbers by value, NaN last, strings
/// by their UTF-8 bytes, which is code point order), first and any_value (the first non-null value) and last (the
/// latest non-null value). Output has the input type. Strings are copied only when they win: first and any copy
/// once per group, last once per group and batch.
/// </summary>
internal sealed class PickMeasure(MeasureFunction function, ValueKind kind, IArrowType outputType) : MeasureState
{
    private bool[] _has = [];
    private long[] _codes = [];
    private Int128[] _decimals = [];
    private byte[]?[] _bytes = [];
    private long _byteCount;
    private int[] _lastRow = [];

    public override long Bytes => _has.Length + _codes.Length * 8L + _decimals.Length * 16L + _bytes.Length * 32L + _byteCount + _lastRow.Length * 4L;

    private bool KeepsFirst => function is MeasureFunction.First or MeasureFunction.AnyValue;

    public override void EnsureGroups(int groups)
    {
        Ensure(ref _has, groups);
        switch (kind)
        {
            case ValueKind.Decimal: Ensure(ref _decimals, groups); break;
            case ValueKind.Binary: Ensure(ref _bytes, groups); break;
            default: Ensure(ref _codes, groups); break;
        }
    }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        switch (kind)
        {
            case ValueKind.Decimal: UpdateDecimals(values!, groups); break;
            case ValueKind.Binary: UpdateBytes(values!, groups); break;
            default: UpdateCodes(values!, groups); break;
        }
    }

    private void UpdateCodes(ColumnValues values, ReadOnlySpan<int> groups)
    {
        var valid = values.Valid;
        var codes = values.Codes;
        var has = _has;
        var state = _codes;
        // Min and max get loops of their own: no per-row dispatch on the function.
        if (function == MeasureFunction.Min)
        {
            for (int r = 0; r < groups.Length; r++)
            {
                if (!valid[r]) continue;
                int g = groups[r];
                long v = codes[r];
                if (!has[g] || v < state[g])
                {
                    state[g] = v;
                    has[g] = true;
                }
            }
            return;
        }
        if (function == MeasureFunction.Max)
        {
            for (int r = 0; r < groups.Length; r++)
            {
                if (!valid[r]) continue;
                int g = groups[r];
                long v = codes[r];
                if (!has[g] || v > state[g])
                {
                    state[g] = v;
                    has[g] = true;
                }
            }
            return;
        }
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            int g = groups[r];
            long v = codes[r];
            if (!has[g] || Wins(v.CompareTo(state[g])))
            {
                state[g] = v;
                has[g] = true;
            }
        }
    }

    private void UpdateDecimals(ColumnValues values, ReadOnlySpan<int> groups)
    {
        var valid = values.Valid;
        var decimals = values.Decimals;
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            int g = groups[r];
            if (!_has[g] || Wins(decimals[r].CompareTo(_decimals[g])))
            {
                _decimals[g] = decimals[r];
                _has[g] = true;
            }
        }
    }

    private void UpdateBytes(ColumnValues values, ReadOnlySpan<int> groups)
    {
        var valid = values.Valid;
        if (function == MeasureFunction.Last)
        {
            // The batch's last row per group first, then one copy per group.
            Ensure(ref _lastRow, _has.Length);
            var touched = new List<int>();
            for (int r = 0; r < groups.Length; r++)
            {
                if (!valid[r]) continue;
                int g = groups[r];
                if (_lastRow[g] == 0) touched.Add(g);
                _lastRow[g] = r + 1;
            }
            foreach (int g in touched)
            {
                Set(g, values.Bytes(_lastRow[g] - 1));
                _lastRow[g] = 0;
            }
            return;
        }
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            int g = groups[r];
            if (_has[g] && (KeepsFirst || !Wins(values.Bytes(r).SequenceCompareTo(_bytes[g]))) ) continue;
            Set(g, values.Bytes(r));
        }
    }

    private void Set(int group, ReadOnlySpan<byte> value)
    {
        _byteCount += value.Length - (_bytes[group]?.Length ?? 0);
        _bytes[group] = value.ToArray();
        _has[group] = true;
    }

    /// <summary>Whether a value that compares to the held one as <paramref name="comparison"/> replaces it.</summary>
    private bool Wins(int comparison) => function switch
    {
        MeasureFunction.Min => comparison < 0,
        MeasureFunction.Max => comparison > 0,
        MeasureFunction.Last => true,
        _ => false,
    };

    public override IArrowArray Build(int start, int count)
    {
        var valid = _has.AsSpan(start, count);
        return kind switch
        {
            ValueKind.Decimal => OutputArrays.Decimals(outputType, _decimals.AsSpan(start, count), valid),
            ValueKind.Binary => OutputArrays.FromBytes(outputType, valid, i => _bytes[start + i]),
            _ => OutputArrays.FromCodes(outputType, _codes.AsSpan(start, count), valid),
        };
    }
}
