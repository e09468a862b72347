using Pipeline.Kernels;
using Apache.Arrow;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// A deterministic sample of a column's distinct values: the <c>capacity</c> values with the smallest hashes
/// ("bottom-k"). Independent of row order, batch size and parallelism, mergeable, and cheap per row (one comparison
/// against the largest kept hash); used to recognise shapes (email, URL, dates in text) even when the column has far
/// too many distinct values to count exactly.
/// </summary>
internal sealed class ValueSample(int capacity)
{
    // Hash order (SortedSet: Max in O(log k)) plus the text of each kept hash.
    private readonly SortedSet<ulong> _order = [];
    private readonly Dictionary<ulong, string> _kept = [];
    private ulong _largest = ulong.MaxValue;

    public void Add(ulong hash, IArrowArray column, int row)
    {
        if (_kept.Count >= capacity && hash >= _largest) return;
        if (_kept.ContainsKey(hash)) return;
        Insert(hash, ValueText.Get(column, row) ?? "");
    }

    private void Insert(ulong hash, string text)
    {
        _kept[hash] = text;
        _order.Add(hash);
        if (_kept.Count > capacity)
        {
            ulong evict = _order.Max;
            _order.Remove(evict);
            _kept.Remove(evict);
        }
        _largest = _kept.Count >= capacity ? _order.Max : ulong.MaxValue;
    }

    public void Merge(ValueSample other)
    {
        foreach (var (hash, text) in other._kept)
            if (!_kept.ContainsKey(hash) && (_kept.Count < capacity || hash < _largest)) Insert(hash, text);
    }

    /// <summary>The sampled values, in hash order.</summary>
    public IReadOnlyList<string> Values => [.. _order.Select(h => _kept[h])];

    /// <summary>Saves the sample.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(_kept.Count);
        foreach (var hash in _order) { w.Write(hash); w.Write(_kept[hash]); }
    }

    /// <summary>Loads a sample saved by <see cref="Write"/>.</summary>
    public void Read(BinaryReader r)
    {
        int n = r.ReadCount();
        for (int i = 0; i < n; i++) Insert(r.ReadUInt64(), r.ReadString());
    }
}
