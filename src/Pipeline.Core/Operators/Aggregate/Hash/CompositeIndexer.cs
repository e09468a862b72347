using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Several keys: each column maps its values to ids of its own, then the ids fold pairwise, left to right, through
/// tables keyed by the pair (id so far, next column's id). The last table's ids are the groups, dense in order of
/// first appearance of the whole key; the earlier ones only need to be consistent.
/// </summary>
internal sealed class CompositeIndexer : GroupIndexer
{
    private readonly ColumnIndexer[] _columns;
    private readonly int[] _indices;
    private readonly LongGroupTable[] _pairs;
    private int[] _left = [];
    private int[] _right = [];

    public CompositeIndexer(ColumnIndexer[] columns, int[] indices)
    {
        _columns = columns;
        _indices = indices;
        _pairs = [.. Enumerable.Range(0, columns.Length - 1).Select(_ => new LongGroupTable())];
    }

    public override int Count => _pairs[^1].Count;

    public override long Bytes
    {
        get
        {
            long bytes = (_left.Length + _right.Length) * 4L;
            foreach (var column in _columns) bytes += column.Bytes;
            foreach (var pair in _pairs) bytes += pair.Bytes;
            return bytes;
        }
    }

    public override void Map(RecordBatch projected, Span<int> ids, List<int> newRows) => Run(projected, ids, newRows, add: true);

    public override void Find(RecordBatch projected, Span<int> ids) => Run(projected, ids, null, add: false);

    private void Run(RecordBatch projected, Span<int> ids, List<int>? newRows, bool add)
    {
        int n = projected.Length;
        if (_left.Length < n) _left = new int[n];
        if (_right.Length < n) _right = new int[n];
        var left = _left.AsSpan(0, n);
        var right = _right.AsSpan(0, n);
        _columns[0].Map(projected.Column(_indices[0]), left, null, add);
        for (int k = 1; k < _columns.Length; k++)
        {
            _columns[k].Map(projected.Column(_indices[k]), right, null, add);
            var table = _pairs[k - 1];
            bool last = k == _columns.Length - 1;
            var target = last ? ids : left;
            for (int r = 0; r < n; r++)
            {
                int a = left[r], b = right[r];
                if (a < 0 || b < 0) { target[r] = -1; continue; }
                long key = ((long)a << 32) | (uint)b;
                if (!add) { target[r] = table.Find(key); continue; }
                int before = table.Count;
                target[r] = table.FindOrAdd(key, before);
                if (last && table.Count != before) newRows!.Add(r);
            }
        }
    }
}
