using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Counts values by their 64-bit hash, exactly, while a column has at most <c>limit</c> distinct values; the display text
/// is made only the first time a value is seen, so a low-cardinality column of 10M rows creates a handful of strings.
/// Past the limit it hands its counts to a SpaceSaving sketch (top values with error bounds) and the distinct count
/// comes from HyperLogLog instead. Exact up to 64-bit hash collisions (about n²/2⁶⁵: negligible below billions).
/// </summary>
internal sealed class ValueCounter(int limit, int heavyCapacity)
{
    private Dictionary<ulong, Entry>? _exact = [];

    private sealed class Entry(string text) { public readonly string Text = text; public long Count; }

    /// <summary>Top values once the exact table overflowed.</summary>
    public SpaceSaving? Heavy { get; private set; }

    /// <summary>True while every distinct value is counted exactly.</summary>
    public bool IsExact => _exact is not null;

    /// <summary>Distinct values counted exactly (only meaningful while <see cref="IsExact"/>).</summary>
    public int DistinctCount => _exact?.Count ?? 0;

    /// <summary>Counts one value; <paramref name="text"/> is called only for a value not seen before (or after overflow).</summary>
    public void Add(ulong hash, Func<string> text)
    {
        if (_exact is not null)
        {
            if (_exact.TryGetValue(hash, out var entry)) { entry.Count++; return; }
            if (_exact.Count < limit) { _exact[hash] = new Entry(text()) { Count = 1 }; return; }
            Overflow();
        }
        Heavy!.Add(text());
    }

    /// <summary>Folds another counter of the same column into this one.</summary>
    public void Merge(ValueCounter other)
    {
        if (_exact is not null && other._exact is not null)
        {
            foreach (var (hash, entry) in other._exact)
            {
                if (_exact.TryGetValue(hash, out var mine)) mine.Count += entry.Count;
                else _exact[hash] = new Entry(entry.Text) { Count = entry.Count };
            }
            if (_exact.Count > limit) Overflow();
            return;
        }
        if (_exact is not null) Overflow();
        if (other._exact is not null) foreach (var e in other._exact.Values) Heavy!.Add(e.Text, e.Count);
        else Heavy!.Merge(other.Heavy!);
    }

    /// <summary>The most frequent values, by count then text (ordinal), and whether the counts are exact.</summary>
    public (IReadOnlyList<(string Value, long Count)> Values, bool Exact) Top(int k)
    {
        if (_exact is not null)
            return (_exact.Values.OrderByDescending(e => e.Count).ThenBy(e => e.Text, StringComparer.Ordinal)
                .Take(k).Select(e => (e.Text, e.Count)).ToList(), true);
        return (Heavy!.Top(k).Select(t => (t.Value, t.Count)).ToList(), false);
    }

    /// <summary>Every exact entry (only while <see cref="IsExact"/>).</summary>
    public IEnumerable<(string Value, long Count)> Entries => _exact?.Values.Select(e => (e.Text, e.Count)) ?? [];

    private void Overflow()
    {
        Heavy = new SpaceSaving(heavyCapacity);
        foreach (var e in _exact!.Values.OrderBy(e => e.Text, StringComparer.Ordinal)) Heavy.Add(e.Text, e.Count);
        _exact = null;
    }
}
