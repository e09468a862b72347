namespace Pipeline.Kernels.Sketches;

/// <summary>SpaceSaving top-k sketch (Metwally, Agrawal, El Abbadi 2005) over strings, with the mergeable-summaries
/// merge of Agarwal et al. (2012).</summary>
/// <remarks>
/// <para>With capacity m over a stream of total weight N, every reported count over-estimates the true count by at
/// most its <c>Error</c>, and <c>Error</c> ≤ N / m; every value whose true count exceeds N / m is reported. So
/// true count ∈ [Count - Error, Count].</para>
/// <para>Deterministic: when the smallest counter is tied, the value greatest in ordinal order is evicted, and
/// <see cref="Top"/> orders by count descending then value ordinal. Merging is commutative. Not thread-safe.</para>
/// </remarks>
public sealed class SpaceSaving
{
    /// <summary>Serialization format version (first byte of <see cref="Serialize"/>).</summary>
    public const byte FormatVersion = 1;

    private readonly Dictionary<string, (long Count, long Error)> _counters;
    // Ordered by (count, value) so the eviction victim, the smallest count with the greatest value, is found in O(log m).
    private readonly SortedSet<(long Count, string Value)> _order = new(Comparer<(long Count, string Value)>.Create(CompareEntries));

    /// <summary>Largest capacity a serialized sketch may declare (the profile uses hundreds).</summary>
    public const int MaxSerializedCapacity = 1 << 20;

    /// <summary>Creates an empty sketch tracking at most <paramref name="capacity"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public SpaceSaving(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _counters = new Dictionary<string, (long, long)>(capacity, StringComparer.Ordinal);
    }

    /// <summary>Maximum number of tracked values.</summary>
    public int Capacity { get; }

    /// <summary>Total weight added (sum of all counts, merged ones included).</summary>
    public long Total { get; private set; }

    /// <summary>Upper bound on any count's over-estimate: Total / Capacity.</summary>
    public long MaxError => Total / Capacity;

    /// <summary>Adds <paramref name="count"/> occurrences of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public void Add(string value, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Total += count;
        if (_counters.TryGetValue(value, out var entry))
        {
            _order.Remove((entry.Count, value));
            Set(value, entry.Count + count, entry.Error);
        }
        else if (_counters.Count < Capacity)
        {
            Set(value, count, 0);
        }
        else
        {
            var victim = _order.Min;
            _order.Remove(victim);
            _counters.Remove(victim.Value);
            Set(value, victim.Count + count, victim.Count);
        }
    }

    /// <summary>Folds <paramref name="other"/> into this sketch: counts of shared values add; a value missing from a
    /// full sketch is charged that sketch's smallest count (as count and error); then the largest
    /// <see cref="Capacity"/> counters are kept.</summary>
    public void Merge(SpaceSaving other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long thisFloor = _counters.Count >= Capacity && _order.Count > 0 ? _order.Min.Count : 0;
        long otherFloor = other._counters.Count >= other.Capacity && other._order.Count > 0 ? other._order.Min.Count : 0;
        var merged = new Dictionary<string, (long Count, long Error)>(StringComparer.Ordinal);
        foreach (var (value, e) in _counters)
        {
            var o = other._counters.TryGetValue(value, out var oe) ? oe : (otherFloor, otherFloor);
            merged[value] = (e.Count + o.Item1, e.Error + o.Item2);
        }
        foreach (var (value, o) in other._counters)
            if (!_counters.ContainsKey(value)) merged[value] = (o.Count + thisFloor, o.Error + thisFloor);
        Total += other.Total;
        _counters.Clear();
        _order.Clear();
        foreach (var (value, e) in merged.OrderBy(kv => kv, TopOrder).Take(Capacity)) Set(value, e.Count, e.Error);
    }

    /// <summary>The <paramref name="k"/> largest counters, by count descending then value ordinal.</summary>
    public IReadOnlyList<(string Value, long Count, long Error)> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return _counters.OrderBy(kv => kv, TopOrder).Take(k).Select(kv => (kv.Key, kv.Value.Count, kv.Value.Error)).ToList();
    }

    /// <summary>Serializes as [version][capacity:i32][total:i64][n:i32] then n × (value, count:i64, error:i64).</summary>
    public byte[] Serialize() => SketchIO.Write(FormatVersion, w =>
    {
        w.Write(Capacity);
        w.Write(Total);
        w.Write(_counters.Count);
        foreach (var (value, e) in _counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(value);
            w.Write(e.Count);
            w.Write(e.Error);
        }
    });

    /// <summary>Reads a sketch written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">Unknown version or malformed data.</exception>
    public static SpaceSaving Deserialize(ReadOnlySpan<byte> data) => SketchIO.Read(data, FormatVersion, "SpaceSaving sketch", r =>
    {
        int capacity = r.ReadInt32();
        // The dictionary is sized by the capacity up front: a damaged value must not make it allocate gigabytes.
        if (capacity < 1 || capacity > MaxSerializedCapacity) throw new FormatException("SpaceSaving sketch has a bad capacity.");
        var sketch = new SpaceSaving(capacity) { Total = r.ReadInt64() };
        int n = r.ReadCount();
        if (n < 0 || n > capacity) throw new FormatException("SpaceSaving sketch has a bad counter count.");
        for (int i = 0; i < n; i++)
        {
            string value = r.ReadString();
            long count = r.ReadInt64(), error = r.ReadInt64();
            if (count < 1 || error < 0 || error > count || !sketch._counters.TryAdd(value, (count, error)))
                throw new FormatException("SpaceSaving sketch has an invalid counter.");
            sketch._order.Add((count, value));
        }
        return sketch;
    });

    private void Set(string value, long count, long error)
    {
        _counters[value] = (count, error);
        _order.Add((count, value));
    }

    private static int CompareEntries((long Count, string Value) a, (long Count, string Value) b)
    {
        int c = a.Count.CompareTo(b.Count);
        // Within a count, greater values sort first, so Min is the greatest value: the deterministic victim.
        return c != 0 ? c : string.CompareOrdinal(b.Value, a.Value);
    }

    private static readonly Comparer<KeyValuePair<string, (long Count, long Error)>> TopOrder = Comparer<KeyValuePair<string, (long Count, long Error)>>.Create((a, b) =>
    {
        int c = b.Value.Count.CompareTo(a.Value.Count);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    });
}
