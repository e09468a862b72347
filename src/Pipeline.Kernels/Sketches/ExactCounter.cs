namespace Pipeline.Kernels.Sketches;

/// <summary>Exact value counts while a column's cardinality stays small; gives up (and frees its memory) once more
/// than <c>limit</c> distinct values appear, leaving distinct counting to <see cref="HyperLogLog"/> and top values to
/// <see cref="SpaceSaving"/>.</summary>
/// <remarks>Exact (zero error) while not <see cref="Overflowed"/>. Merging is commutative and associative: the
/// union overflows if either side did or the combined distinct count passes the limit. Not thread-safe.</remarks>
public sealed class ExactCounter
{
    /// <summary>Serialization format version (first byte of <see cref="Serialize"/>).</summary>
    public const byte FormatVersion = 1;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Creates an empty counter that tracks up to <paramref name="limit"/> distinct values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1.</exception>
    public ExactCounter(int limit = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
    }

    /// <summary>Most distinct values tracked before giving up.</summary>
    public int Limit { get; }

    /// <summary>True once more than <see cref="Limit"/> distinct values were seen; entries are then cleared.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Exact distinct count while not <see cref="Overflowed"/>; afterwards <see cref="Limit"/> + 1, a lower bound.</summary>
    public int DistinctCount => Overflowed ? Limit + 1 : _counts.Count;

    /// <summary>Every tracked value with its count (empty once overflowed), in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, long>> Entries => _counts;

    /// <summary>Adds <paramref name="count"/> occurrences of <paramref name="value"/>; a no-op once overflowed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public void Add(string value, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (Overflowed) return;
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _) += count;
        if (_counts.Count > Limit) Overflow();
    }

    /// <summary>Folds <paramref name="other"/> into this counter.</summary>
    public void Merge(ExactCounter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Overflowed) return;
        if (other.Overflowed) { Overflow(); return; }
        foreach (var (value, count) in other._counts)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out _) += count;
            if (_counts.Count > Limit) { Overflow(); return; }
        }
    }

    /// <summary>The <paramref name="k"/> most frequent values, by count descending then value ordinal.</summary>
    public IReadOnlyList<(string Value, long Count)> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(k).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>Serializes as [version][limit:i32][overflowed:bool][n:i32] then n × (value, count:i64), sorted by value.</summary>
    public byte[] Serialize() => SketchIO.Write(FormatVersion, w =>
    {
        w.Write(Limit);
        w.Write(Overflowed);
        w.Write(_counts.Count);
        foreach (var (value, count) in _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.Write(value);
            w.Write(count);
        }
    });

    /// <summary>Reads a counter written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">Unknown version or malformed data.</exception>
    public static ExactCounter Deserialize(ReadOnlySpan<byte> data) => SketchIO.Read(data, FormatVersion, "exact counter", r =>
    {
        int limit = r.ReadInt32();
        if (limit < 1) throw new FormatException("Exact counter has a bad limit.");
        var counter = new ExactCounter(limit) { Overflowed = r.ReadBoolean() };
        int n = r.ReadCount();
        if (n < 0 || n > limit || (counter.Overflowed && n != 0)) throw new FormatException("Exact counter has a bad entry count.");
        for (int i = 0; i < n; i++)
        {
            string value = r.ReadString();
            long count = r.ReadInt64();
            if (count < 1 || !counter._counts.TryAdd(value, count)) throw new FormatException("Exact counter has an invalid entry.");
        }
        return counter;
    });

    private void Overflow()
    {
        Overflowed = true;
        _counts.Clear();
        _counts.TrimExcess();
    }
}
