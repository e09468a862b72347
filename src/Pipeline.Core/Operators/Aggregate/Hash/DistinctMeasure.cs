using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary><c>count(DISTINCT x)</c>, exact: each (group, value) pair is kept once (<see cref="GroupValueSet"/>).</summary>
internal sealed class DistinctMeasure(ValueKind kind) : MeasureState
{
    private readonly GroupValueSet _set = new(kind);
    private long[] _counts = [];

    public override long Bytes => _set.Bytes + _counts.Length * 8L;

    public override void EnsureGroups(int groups) => Ensure(ref _counts, groups);

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var valid = values!.Valid;
        for (int r = 0; r < groups.Length; r++)
        {
            if (!valid[r]) continue;
            _set.Add(groups[r], values, r, out bool added);
            if (added) _counts[groups[r]]++;
        }
    }

    public override IArrowArray Build(int start, int count) => OutputArrays.Int64s(_counts.AsSpan(start, count));
}
