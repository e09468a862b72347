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
    private readonly SortedDictionary<ulong, string> _kept = [];
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
        if (_kept.Count > capacity) _kept.Remove(_kept.Keys.Last());
        _largest = _kept.Count >= capacity ? _kept.Keys.Last() : ulong.MaxValue;
    }

    public void Merge(ValueSample other)
    {
        foreach (var (hash, text) in other._kept)
            if (!_kept.ContainsKey(hash) && (_kept.Count < capacity || hash < _largest)) Insert(hash, text);
    }

    /// <summary>The sampled values, in hash order.</summary>
    public IReadOnlyList<string> Values => [.. _kept.Values];

    /// <summary>Saves the sample.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(_kept.Count);
        foreach (var (hash, text) in _kept) { w.Write(hash); w.Write(text); }
    }

    /// <summary>Loads a sample saved by <see cref="Write"/>.</summary>
    public void Read(BinaryReader r)
    {
        int n = r.ReadInt32();
        for (int i = 0; i < n; i++) Insert(r.ReadUInt64(), r.ReadString());
    }
}
