using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Sort;

namespace Pipeline.Core.Operators.Aggregate;

/// <summary>
/// Walks a stream sorted by (group keys, value) one group at a time, counting each group's distinct non-null
/// values: in that order equal values are adjacent, so counting changes is exact and needs no set. Groups come in
/// the same order as in the main sort of a <see cref="GroupAggregate"/>, which asks for them in lockstep.
/// </summary>
internal sealed class DistinctCursor : IDisposable
{
    private readonly IEnumerator<RecordBatch> _batches;
    private readonly SortKeyEncoder _groups;
    private readonly SortKeyEncoder _values;
    private RecordBatch? _batch;
    private int _position;

    public DistinctCursor(IEnumerable<RecordBatch> sorted, Schema schema, IReadOnlyList<SortKey> groupKeys, string valueColumn)
    {
        _batches = sorted.GetEnumerator();
        _groups = new SortKeyEncoder(schema, groupKeys);
        _values = new SortKeyEncoder(schema, [new SortKey(valueColumn)]);
        LoadNext();
    }

    /// <summary>The next group's key bytes and distinct count.</summary>
    public (byte[] Key, long Distinct) NextGroup()
    {
        if (_batch is null) throw new PipelineException(PipelineErrorKind.Internal, "a distinct count ran out of groups before the main aggregation");
        var key = _groups.Key(_position).ToArray();
        long distinct = 0;
        byte[]? last = null;
        while (_batch is not null && _groups.Key(_position).SequenceEqual(key))
        {
            if (!_batch.Column(_batch.ColumnCount - 1).IsNull(_position))
            {
                var value = _values.Key(_position);
                if (last is null || !value.SequenceEqual(last))
                {
                    distinct++;
                    last = value.ToArray();
                }
            }
            if (++_position == _batch.Length) LoadNext();
        }
        return (key, distinct);
    }

    private void LoadNext()
    {
        _batch?.Dispose();
        _batch = null;
        while (_batches.MoveNext())
        {
            var next = _batches.Current;
            if (next.Length == 0) { next.Dispose(); continue; }
            _batch = next;
            _position = 0;
            _groups.Encode(next);
            _values.Encode(next);
            return;
        }
    }

    public void Dispose()
    {
        _batch?.Dispose();
        _batch = null;
        _batches.Dispose();
    }
}
