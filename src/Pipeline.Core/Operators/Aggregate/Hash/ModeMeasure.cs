using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// <c>mode(x)</c>: counts every (group, value) pair (<see cref="GroupValueSet"/>) and returns each group's most
/// frequent value; a tie goes to the value seen first in input order (pair ids are in that order), as DuckDB does.
/// </summary>
internal sealed class ModeMeasure(ValueKind kind, IArrowType outputType) : MeasureState
{
    private readonly GroupValueSet _set = new(kind);
    private long[] _pairCounts = [];
    private int[] _best = [];

    public override long Bytes => _set.Bytes + _pairCounts.Length * 8L + _best.Length * 4L;

    public override void EnsureGroups(int groups) { }

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            int id = _set.Add(groups[r], values, r, out _);
            Ensure(ref _pairCounts, id + 1);
            _pairCounts[id]++;
        }
    }

    public override void Finish(int groups)
    {
        _best = new int[groups];
        System.Array.Fill(_best, -1);
        for (int id = 0; id < _set.Count; id++)
        {
            int g = _set.Group(id);
            // Strictly greater: an equal count seen later (a higher id) never replaces the earlier value.
            if (_best[g] < 0 || _pairCounts[id] > _pairCounts[_best[g]]) _best[g] = id;
        }
    }

    public override IArrowArray Build(int start, int count)
    {
        var valid = new bool[count];
        for (int i = 0; i < count; i++) valid[i] = _best[start + i] >= 0;
        switch (kind)
        {
            case ValueKind.Binary:
                return OutputArrays.FromBytes(outputType, valid, i => _set.Value(_best[start + i]));
            case ValueKind.Decimal:
            {
                var values = new Int128[count];
                for (int i = 0; i < count; i++) if (valid[i]) values[i] = _set.Decimal(_best[start + i]);
                return OutputArrays.Decimals(outputType, values, valid);
            }
            default:
            {
                var codes = new long[count];
                for (int i = 0; i < count; i++) if (valid[i]) codes[i] = _set.Code(_best[start + i]);
                return OutputArrays.FromCodes(outputType, codes, valid);
            }
        }
    }
}
