using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Assigns every row of a batch its dense group id (0, 1, 2, … in order of first appearance) from the key columns
/// alone, typed per key column (<see cref="ColumnIndexer"/>) so no row is encoded to bytes or boxed. Equality is
/// the one of <see cref="RowKeyEncoder"/>: nulls form one group, every NaN one group, -0 groups with 0, dictionaries
/// group by their values whatever the dictionary. Several keys combine their per-column ids pairwise.
/// </summary>
internal abstract class GroupIndexer
{
    /// <summary>Groups so far.</summary>
    public abstract int Count { get; }

    /// <summary>Bytes held by the lookup tables.</summary>
    public abstract long Bytes { get; }

    /// <summary>The group of every row, adding new groups; rows that created one are appended to <paramref name="newRows"/>.</summary>
    public abstract void Map(RecordBatch projected, Span<int> ids, List<int> newRows);

    /// <summary>The group of every row, or -1 where the key has no group yet; adds nothing.</summary>
    public abstract void Find(RecordBatch projected, Span<int> ids);

    /// <summary>The indexer for <paramref name="plan"/>'s keys.</summary>
    public static GroupIndexer Create(AggregatePlan plan)
    {
        var columns = plan.KeyColumns.Select(c => ColumnIndexer.For(plan.ProjectedSchema.FieldsList[c].DataType)).ToArray();
        return columns.Length switch
        {
            0 => new SingleGroup(),
            1 => new OneKey(columns[0], plan.KeyColumns[0]),
            _ => new CompositeIndexer(columns, plan.KeyColumns),
        };
    }

    /// <summary>No keys: one group, which exists before any row (SQL: one row on empty input).</summary>
    private sealed class SingleGroup : GroupIndexer
    {
        public override int Count => 1;

        public override long Bytes => 0;

        public override void Map(RecordBatch projected, Span<int> ids, List<int> newRows) => ids.Clear();

        public override void Find(RecordBatch projected, Span<int> ids) => ids.Clear();
    }

    private sealed class OneKey(ColumnIndexer column, int index) : GroupIndexer
    {
        public override int Count => column.Count;

        public override long Bytes => column.Bytes;

        public override void Map(RecordBatch projected, Span<int> ids, List<int> newRows)
            => column.Map(projected.Column(index), ids, newRows, add: true);

        public override void Find(RecordBatch projected, Span<int> ids)
            => column.Map(projected.Column(index), ids, null, add: false);
    }
}
