using Pipeline.Kernels;
namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// A deterministic, mergeable sample: the <c>capacity</c> rows with the smallest row hashes. Because membership depends
/// only on each row's content, the sample is the same whatever the batch size or parallelism, and the merge of two
/// partitions' samples is the sample of their union. Holds, per sampled row, the numeric values (NaN = null) and the
/// value hashes of the categorical columns (0 = null; equality is all Cramér's V needs, so no strings are made).
/// </summary>
internal sealed class RowSample(int capacity)
{
    // Max-heap on hash (ties by insertion), so the largest kept hash is evicted first.
    private readonly PriorityQueue<SampledRow, ulong> _heap = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    public sealed record SampledRow(ulong Hash, double[] Numbers, ulong[] Categories);

    public int Count => _heap.Count;

    /// <summary>True when a row with this hash would enter the sample (check before building the row).</summary>
    public bool Wants(ulong hash) => _heap.Count < capacity || (_heap.TryPeek(out _, out var worst) && hash < worst);

    public void Add(SampledRow row)
    {
        if (_heap.Count < capacity) { _heap.Enqueue(row, row.Hash); return; }
        if (_heap.TryPeek(out _, out var worst) && row.Hash < worst) _heap.EnqueueDequeue(row, row.Hash);
    }

    public void Merge(RowSample other)
    {
        foreach (var (row, _) in other._heap.UnorderedItems) Add(row);
    }

    /// <summary>The sampled rows in hash order (deterministic).</summary>
    public List<SampledRow> Rows() => _heap.UnorderedItems.Select(x => x.Element).OrderBy(r => r.Hash).ThenBy(r => string.Join(',', r.Categories)).ThenBy(r => string.Join(',', r.Numbers)).ToList();

    /// <summary>Saves the sampled rows.</summary>
    public void Write(BinaryWriter w)
    {
        var rows = _heap.UnorderedItems.Select(x => x.Element).ToList();
        w.Write(rows.Count);
        foreach (var row in rows)
        {
            w.Write(row.Hash);
            w.Write(row.Numbers.Length); foreach (var v in row.Numbers) w.Write(v);
            w.Write(row.Categories.Length); foreach (var c in row.Categories) w.Write(c);
        }
    }

    /// <summary>Loads rows saved by <see cref="Write"/>.</summary>
    public void Read(BinaryReader r)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++)
        {
            ulong hash = r.ReadUInt64();
            var numbers = new double[r.ReadCount(8)];
            for (int k = 0; k < numbers.Length; k++) numbers[k] = r.ReadDouble();
            var categories = new ulong[r.ReadCount(8)];
            for (int k = 0; k < categories.Length; k++) categories[k] = r.ReadUInt64();
            Add(new SampledRow(hash, numbers, categories));
        }
    }
}
