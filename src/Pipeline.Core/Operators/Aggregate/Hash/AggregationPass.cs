using Apache.Arrow;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// One in-memory aggregation: the group table (<see cref="GroupIndexer"/>: key → dense group id in order of first
/// appearance), the key values of each group (the rows that created groups, copied per batch) and one state per
/// measure. A batch is folded in two steps: group ids for all rows, then each measure over the id array. Measures
/// of the same column share one <see cref="ColumnValues"/>, so a column is read once per batch.
/// </summary>
internal sealed class AggregationPass
{
    private readonly AggregatePlan _plan;
    private readonly GroupIndexer _groups;
    private readonly MeasureState[] _measures;
    private readonly ColumnValues?[] _values;
    private readonly List<(int Column, ColumnValues Values)> _loads = [];
    private readonly List<RecordBatch> _keyPieces = [];
    private readonly List<int> _pieceStarts = [];
    private long _pieceBytes;
    private int[] _groupIds = [];
    private readonly List<int> _newRows = [];

    public AggregationPass(AggregatePlan plan)
    {
        _plan = plan;
        _measures = new MeasureState[plan.Measures.Count];
        _values = new ColumnValues?[plan.Measures.Count];
        var byColumn = new Dictionary<int, ColumnValues>();
        for (int m = 0; m < _measures.Length; m++)
        {
            _measures[m] = plan.CreateState(m);
            var type = plan.MeasureTypes[m];
            int column = plan.MeasureColumns[m];
            if (column < 0) continue;
            if (!byColumn.TryGetValue(column, out var values))
            {
                values = new ColumnValues(plan.MeasureKinds[m], type is Apache.Arrow.Types.Decimal128Type d ? d.Scale : 0);
                byColumn.Add(column, values);
                _loads.Add((column, values));
            }
            _values[m] = values;
        }
        _groups = GroupIndexer.Create(plan);
        // A global aggregate has its one group even when no row comes (SQL: one row on empty input).
        if (plan.Keys.Count == 0) foreach (var measure in _measures) measure.EnsureGroups(1);
    }


    public int Groups => _groups.Count;

    /// <summary>Bytes held: the table, the key values and every measure state.</summary>
    public long Bytes
    {
        get
        {
            long bytes = _groups.Bytes + _pieceBytes + _groupIds.Length * 4L;
            foreach (var measure in _measures) bytes += measure.Bytes;
            return bytes;
        }
    }

    /// <summary>The group of every row of <paramref name="projected"/>, or -1 where it has none yet.</summary>
    public void Find(RecordBatch projected, Span<int> ids) => _groups.Find(projected, ids);

    /// <summary>Folds <paramref name="projected"/>; <paramref name="keys"/> gives the key columns' view. Copies what it keeps.</summary>
    public void Add(RecordBatch projected, KeyHasher keys)
    {
        int n = projected.Length;
        if (n == 0) return;
        if (_groupIds.Length < n) _groupIds = new int[n];
        var ids = _groupIds.AsSpan(0, n);
        _newRows.Clear();
        _groups.Map(projected, ids, _newRows);
        if (_newRows.Count > 0)
        {
            var piece = RowGather.Take(keys.KeyView(projected), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_newRows));
            _pieceStarts.Add(_groups.Count - _newRows.Count);
            _keyPieces.Add(piece);
            _pieceBytes += BatchBytes.Of(piece);
        }
        foreach (var (column, values) in _loads) values.Load(projected.Column(column));
        for (int m = 0; m < _measures.Length; m++)
        {
            _measures[m].EnsureGroups(_groups.Count);
            _measures[m].Update(_values[m], ids);
        }
    }

    /// <summary>The groups in order of first appearance, in batches of at most <paramref name="batchRows"/> rows; call once.</summary>
    public IEnumerable<RecordBatch> Emit(Schema output, Schema keySchema, int batchRows, CancellationToken cancellation)
    {
        foreach (var measure in _measures) measure.Finish(Groups);
        int piece = 0;
        for (int start = 0; start < Groups; start += batchRows)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(batchRows, Groups - start);
            var columns = new List<IArrowArray>(output.FieldsList.Count);
            if (_plan.Keys.Count > 0)
            {
                var rows = new RowRef[count];
                for (int i = 0; i < count; i++)
                {
                    int g = start + i;
                    while (piece + 1 < _pieceStarts.Count && _pieceStarts[piece + 1] <= g) piece++;
                    rows[i] = new RowRef(piece, g - _pieceStarts[piece]);
                }
                var keys = RowGather.Gather(RowGather.OutputSchema(keySchema), _keyPieces, rows);
                for (int k = 0; k < keys.ColumnCount; k++) columns.Add(keys.Column(k));
            }
            foreach (var measure in _measures) columns.Add(measure.Build(start, count));
            yield return new RecordBatch(output, columns, count);
        }
    }
}
