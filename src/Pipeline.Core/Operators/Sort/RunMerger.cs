using Apache.Arrow;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// K-way merge of sorted runs spilled as IPC (each batch's last column is the binary sort key): a binary heap of
/// run cursors ordered by (key, run number), so equal keys come out in run order, which is arrival order: the merge
/// is stable. Each run is read memory-mapped with only its current batch alive; output batches are copies, so a
/// run's batch is released (and its segment unmapped once passed) as soon as the output that used it is built.
/// </summary>
internal sealed class RunMerger : IDisposable
{
    private readonly Schema _outputSchema;
    private readonly int _batchRows;
    private readonly Cursor[] _cursors;
    private readonly int[] _heap;
    private int _heapCount;

    public RunMerger(Schema outputSchema, IReadOnlyList<SpillFile> runs, int batchRows)
    {
        _outputSchema = outputSchema;
        _batchRows = batchRows;
        _cursors = new Cursor[runs.Count];
        _heap = new int[runs.Count];
        try
        {
            for (int i = 0; i < runs.Count; i++)
            {
                _cursors[i] = new Cursor(runs[i].OpenRead(unmapPassedSegments: true));
                if (_cursors[i].Advance()) Push(i);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The merged rows as batches of at most the configured row count (fewer when a run's batch ends); the caller owns each.</summary>
    public IEnumerable<RecordBatch> Merge(CancellationToken cancellationToken)
    {
        var refs = new List<RowRef>(_batchRows);
        var sources = new RecordBatch?[_cursors.Length];
        while (_heapCount > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int run = _heap[0];
            var cursor = _cursors[run];
            refs.Add(new RowRef(run, cursor.Position));
            cursor.Position++;
            bool batchEnds = cursor.Position == cursor.Batch!.Length;
            if (refs.Count == _batchRows || batchEnds)
            {
                // The output must be built before the ending batch is released.
                for (int i = 0; i < _cursors.Length; i++) sources[i] = _cursors[i].Batch;
                yield return RowGather.Gather(_outputSchema, sources, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(refs));
                refs.Clear();
            }
            if (batchEnds && !cursor.Advance())
            {
                PopTop();
                continue;
            }
            SiftDown(0);
        }
    }

    private int Compare(int a, int b)
    {
        int byKey = _cursors[a].Key.SequenceCompareTo(_cursors[b].Key);
        return byKey != 0 ? byKey : a.CompareTo(b);
    }

    private void Push(int run)
    {
        int at = _heapCount++;
        _heap[at] = run;
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (Compare(_heap[parent], _heap[at]) <= 0) break;
            (_heap[parent], _heap[at]) = (_heap[at], _heap[parent]);
            at = parent;
        }
    }

    private void PopTop()
    {
        _heap[0] = _heap[--_heapCount];
        if (_heapCount > 0) SiftDown(0);
    }

    private void SiftDown(int at)
    {
        while (true)
        {
            int left = 2 * at + 1, smallest = at;
            if (left < _heapCount && Compare(_heap[left], _heap[smallest]) < 0) smallest = left;
            if (left + 1 < _heapCount && Compare(_heap[left + 1], _heap[smallest]) < 0) smallest = left + 1;
            if (smallest == at) return;
            (_heap[smallest], _heap[at]) = (_heap[at], _heap[smallest]);
            at = smallest;
        }
    }

    public void Dispose()
    {
        foreach (var cursor in _cursors) cursor?.Dispose();
    }

    /// <summary>One run's reader and its current batch.</summary>
    private sealed class Cursor(SpillReader reader) : IDisposable
    {
        private BinaryArray? _keys;

        public RecordBatch? Batch { get; private set; }

        public int Position { get; set; }

        public ReadOnlySpan<byte> Key => _keys!.GetBytes(Position);

        /// <summary>Releases the current batch and moves to the next non-empty one; false at the end of the run.</summary>
        public bool Advance()
        {
            Batch?.Dispose();
            Batch = null;
            while (reader.ReadNext() is { } next)
            {
                if (next.Length == 0) { next.Dispose(); continue; }
                Batch = next;
                _keys = (BinaryArray)next.Column(next.ColumnCount - 1);
                Position = 0;
                return true;
            }
            return false;
        }

        public void Dispose()
        {
            Batch?.Dispose();
            Batch = null;
            reader.Dispose();
        }
    }
}
