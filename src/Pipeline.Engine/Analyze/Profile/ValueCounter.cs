using Pipeline.Kernels;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Counts a column's values by their 64-bit hash. While the column has at most <c>limit</c> distinct values every count
/// is exact (up to 64-bit hash collisions, about n²/2⁶⁵: negligible below billions of values) and the display text is
/// made once per distinct value. Past the limit it becomes a Misra–Gries summary of <c>capacity</c> counters: every
/// value occurring more than n/(capacity+1) times is kept, each count an under-estimate by at most that much, and the
/// text of a value is made only when it occurs a second time, so a high-cardinality column of unique values creates
/// almost no strings. Both forms merge (Misra–Gries merge: add, then subtract the (capacity+1)-th largest count).
/// </summary>
internal sealed class ValueCounter(int limit, int capacity)
{
    // Struct entries updated in place (CollectionsMarshal): no allocation per distinct value.
    private readonly Dictionary<ulong, Entry> _entries = [];
    private long _total;
    private long _maxError;

    private struct Entry
    {
        public string? Text;
        public long Count;
    }

    /// <summary>True while every distinct value is counted exactly.</summary>
    public bool IsExact { get; private set; } = true;

    /// <summary>Distinct values counted exactly (only meaningful while <see cref="IsExact"/>).</summary>
    public int DistinctCount => _entries.Count;

    /// <summary>Counts the value at <paramref name="row"/> of <paramref name="column"/>, whose hash is <paramref name="hash"/>.
    /// Returns false when the value is already being counted (so callers can skip work for values seen before).</summary>
    public bool Add(ulong hash, IArrowArray column, int row)
    {
        _total++;
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, hash);
        if (!Unsafe.IsNullRef(ref entry))
        {
            entry.Count++;
            entry.Text ??= ValueText.Get(column, row) ?? "";
            return false;
        }
        if (IsExact && _entries.Count < limit)
        {
            _entries[hash] = new Entry { Text = ValueText.Get(column, row) ?? "", Count = 1 };
            return true;
        }
        if (IsExact) IsExact = false;
        if (_entries.Count < capacity) { _entries[hash] = new Entry { Count = 1 }; return true; }
        DecrementAll(1); // the new value cancels one occurrence of every kept value
        return true;
    }

    /// <summary>Counts a value given as text (for derived values such as string shapes).</summary>
    public void Add(ulong hash, ReadOnlySpan<char> text)
    {
        _total++;
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, hash);
        if (!Unsafe.IsNullRef(ref entry)) { entry.Count++; entry.Text ??= text.ToString(); return; }
        if (IsExact && _entries.Count < limit) { _entries[hash] = new Entry { Text = text.ToString(), Count = 1 }; return; }
        if (IsExact) IsExact = false;
        if (_entries.Count < capacity) { _entries[hash] = new Entry { Count = 1 }; return; }
        DecrementAll(1);
    }

    private void DecrementAll(long by)
    {
        _maxError += by;
        foreach (var h in _entries.Keys.ToArray())
        {
            ref var e = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, h);
            e.Count -= by;
            if (e.Count <= 0) _entries.Remove(h);
        }
    }

    /// <summary>Folds another counter of the same column into this one.</summary>
    public void Merge(ValueCounter other)
    {
        _total += other._total;
        _maxError += other._maxError;
        foreach (var (hash, entry) in other._entries)
        {
            ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, hash, out bool existed);
            mine.Count += entry.Count;
            if (!existed || mine.Text is null) mine.Text = entry.Text;
        }
        IsExact &= other.IsExact;
        if (IsExact && _entries.Count > limit) IsExact = false;
        if (!IsExact && _entries.Count > capacity)
        {
            long cut = _entries.Values.Select(e => e.Count).OrderByDescending(c => c).ElementAt(capacity);
            DecrementAll(cut);
        }
    }

    /// <summary>The most frequent values, by count then text (ordinal), and whether the counts are exact. Past the
    /// exact limit only values whose count is known to be positive and whose text was seen are reported.</summary>
    public (IReadOnlyList<(string Value, long Count)> Values, bool Exact) Top(int k)
    {
        var candidates = _entries.Values.Where(e => e.Text is not null && (IsExact || e.Count > 0));
        return (candidates.OrderByDescending(e => e.Count).ThenBy(e => e.Text, StringComparer.Ordinal)
            .Take(k).Select(e => (e.Text!, e.Count)).ToList(), IsExact);
    }

    /// <summary>Every exact entry (only while <see cref="IsExact"/>).</summary>
    public IEnumerable<(string Value, long Count)> Entries => IsExact ? _entries.Values.Select(e => (e.Text ?? "", e.Count)) : [];

    /// <summary>Saves the counter (see <see cref="ProfileStateFile"/>).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(IsExact); w.Write(_total); w.Write(_maxError); w.Write(_entries.Count);
        foreach (var (hash, e) in _entries)
        {
            w.Write(hash); w.Write(e.Count); w.Write(e.Text is not null);
            if (e.Text is not null) w.Write(e.Text);
        }
    }

    /// <summary>Loads a counter saved by <see cref="Write"/> into this empty one.</summary>
    public void Read(BinaryReader r)
    {
        IsExact = r.ReadBoolean(); _total = r.ReadInt64(); _maxError = r.ReadInt64();
        int n = r.ReadCount();
        _entries.Clear();
        for (int i = 0; i < n; i++)
        {
            ulong hash = r.ReadUInt64();
            long count = r.ReadInt64();
            string? text = r.ReadBoolean() ? r.ReadString() : null;
            _entries[hash] = new Entry { Count = count, Text = text };
        }
    }
}
