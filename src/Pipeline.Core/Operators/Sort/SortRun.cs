using Apache.Arrow;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// The batches an <see cref="ExternalSort"/> holds in memory, with each row's encoded sort key, until they are
/// sorted (and spilled, or emitted). Owns the batches.
/// </summary>
internal sealed class SortRun : IDisposable
{
    private readonly List<RecordBatch> _batches = [];
    private readonly List<(byte[] Bytes, int[] Offsets)> _keys = [];

    public IReadOnlyList<RecordBatch> Batches => _batches;

    public long Rows { get; private set; }

    /// <summary>Bytes of batches and keys held (what the run reserved).</summary>
    public long Bytes { get; private set; }

    /// <summary>Bytes a batch with these keys will cost: its buffers, the key bytes and offsets, a 8-byte row reference.</summary>
    public static long Cost(long batchBytes, int rows, int keyBytes) => batchBytes + keyBytes + (rows + 1) * 4L + rows * 8L;

    /// <summary>Takes ownership of <paramref name="batch"/>, keeping a copy of the keys just encoded for it.</summary>
    public void Add(RecordBatch batch, SortKeyEncoder encoder, long cost)
    {
        int rows = batch.Length;
        var offsets = new int[rows + 1];
        for (int r = 0; r < rows; r++) offsets[r + 1] = offsets[r] + encoder.Key(r).Length;
        var bytes = new byte[offsets[rows]];
        for (int r = 0; r < rows; r++) encoder.Key(r).CopyTo(bytes.AsSpan(offsets[r]));
        _batches.Add(batch);
        _keys.Add((bytes, offsets));
        Rows += rows;
        Bytes += cost;
    }

    public ReadOnlySpan<byte> Key(RowRef row)
    {
        var (bytes, offsets) = _keys[row.Source];
        return bytes.AsSpan(offsets[row.Row], offsets[row.Row + 1] - offsets[row.Row]);
    }

    /// <summary>Every row in sort order; equal keys keep their arrival order (the sort is stable).</summary>
    public RowRef[] SortedRows()
    {
        var rows = new RowRef[Rows];
        int at = 0;
        for (int b = 0; b < _batches.Count; b++)
            for (int r = 0; r < _batches[b].Length; r++) rows[at++] = new RowRef(b, r);
        System.Array.Sort(rows, new Comparer(this));
        return rows;
    }

    /// <summary>Drops (disposes) every batch and key.</summary>
    public void Clear()
    {
        foreach (var batch in _batches) batch.Dispose();
        _batches.Clear();
        _keys.Clear();
        Rows = 0;
        Bytes = 0;
    }

    public void Dispose() => Clear();

    /// <summary>Key bytes, then arrival order: a total order, so an unstable sort algorithm gives a stable sort.</summary>
    private sealed class Comparer(SortRun run) : IComparer<RowRef>
    {
        public int Compare(RowRef x, RowRef y)
        {
            int byKey = run.Key(x).SequenceCompareTo(run.Key(y));
            if (byKey != 0) return byKey;
            return x.Source != y.Source ? x.Source.CompareTo(y.Source) : x.Row.CompareTo(y.Row);
        }
    }
}
