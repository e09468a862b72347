namespace Pipeline.Engine.Validate.Evaluation.Keys;

/// <summary>Text keys (string columns and compound keys) in a managed hash set; the footprint is estimated per key
/// from its characters plus the set's per-entry overhead.</summary>
internal sealed class TextKeyStore : IKeyStore<string>
{
    /// <summary>Rough bytes per kept key beyond its characters: set entry, string header, hash.</summary>
    private const int KeyOverhead = 64;

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private long _bytes;

    public int Count => _keys.Count;

    public long Bytes => _bytes;

    public long PeakBytesToAdd(ReadOnlySpan<string> keys)
    {
        long bytes = _bytes;
        foreach (var key in keys) bytes += Estimate(key);
        return bytes;
    }

    public int AddMany(ReadOnlySpan<string> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate)
    {
        int duplicates = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            duplicate[i] = false;
            if (!skip.IsEmpty && skip[i]) continue;
            if (_keys.Add(keys[i])) _bytes += Estimate(keys[i]);
            else { duplicate[i] = true; duplicates++; }
        }
        return duplicates;
    }

    public string[] ToArray() => [.. _keys];

    public void Clear()
    {
        _keys.Clear();
        _keys.TrimExcess();
        _bytes = 0;
    }

    private static long Estimate(string key) => KeyOverhead + 2L * key.Length;
}
