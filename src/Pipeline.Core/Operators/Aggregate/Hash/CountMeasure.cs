using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary><c>count(*)</c> (every row) or <c>count(x)</c> (non-null values).</summary>
internal sealed class CountMeasure(bool rows) : MeasureState
{
    private long[] _counts = [];

    public override long Bytes => _counts.Length * 8L;

    public override void EnsureGroups(int groups) => Ensure(ref _counts, groups);

    public override void Update(ColumnValues? values, ReadOnlySpan<int> groups)
    {
        var counts = _counts;
        if (rows || values!.AllValid)
        {
            foreach (int g in groups) counts[g]++;
            return;
        }
        var valid = values.Valid;
        for (int r = 0; r < groups.Length; r++) if (valid[r]) counts[groups[r]]++;
    }

    public override IArrowArray Build(int start, int count) => OutputArrays.Int64s(_counts.AsSpan(start, count));
}
