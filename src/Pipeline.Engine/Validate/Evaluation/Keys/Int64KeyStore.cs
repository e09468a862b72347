using Pipeline.Kernels.Hashing;

namespace Pipeline.Engine.Validate.Evaluation.Keys;

/// <summary>64-bit keys (numbers, dates, booleans) in the kernels' flat <see cref="Int64HashSet"/>: 8 bytes a slot
/// instead of a managed set's ~24 per entry, and batch inserts whose cache misses overlap.</summary>
internal sealed class Int64KeyStore : IKeyStore<long>
{
    private readonly Int64HashSet _set = new();

    public int Count => _set.Count;

    public long Bytes => _set.TableBytes;

    public long PeakBytesToAdd(ReadOnlySpan<long> keys) => _set.PeakBytesToAdd(keys.Length);

    public int AddMany(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate) => _set.AddMany(keys, skip, duplicate);

    public long[] ToArray() => _set.ToArray();

    public void Clear() => _set.Clear();
}
