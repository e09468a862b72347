using Pipeline.Kernels.Hashing;

namespace Pipeline.Engine.Validate.Evaluation.Keys;

/// <summary>
/// 64-bit keys (numbers, dates, booleans). Integer keys start in an <see cref="Int64BitmapSet"/>, one bit per value
/// of their range, while that range stays dense (ids usually are: 10 million sequential ids take 1.2 MB); the
/// first batch that would make the bitmap larger than a hash table of the same keys moves everything to the
/// kernels' flat <see cref="Int64HashSet"/> (8 bytes a slot instead of a managed set's ~24 per entry, batch inserts
/// whose cache misses overlap).
/// </summary>
internal sealed class Int64KeyStore(bool integers) : IKeyStore<long>
{
    /// <summary>A bitmap may use this many bytes per key held before a hash table is the smaller form.</summary>
    private const long BitmapBytesPerKey = 8;
    /// <summary>Below this a bitmap is always fine, whatever the density.</summary>
    private const long SmallBitmapBytes = 1 << 20;

    private Int64BitmapSet? _bitmap = integers ? new Int64BitmapSet() : null;
    private readonly Int64HashSet _hash = new();

    public int Count => _bitmap?.Count ?? _hash.Count;

    public long Bytes => _bitmap?.Bytes ?? _hash.TableBytes;

    public long PeakBytesToAdd(ReadOnlySpan<long> keys)
    {
        if (_bitmap is { } bitmap)
        {
            if (BitmapAfter(bitmap, keys, default) is { } bytes) return bitmap.Bytes + bytes;
            // Switching: the bitmap and the hash table of its keys and the new ones are alive together.
            return bitmap.Bytes + _hash.PeakBytesToAdd(bitmap.Count + keys.Length);
        }
        return _hash.PeakBytesToAdd(keys.Length);
    }

    public int AddMany(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate)
    {
        if (_bitmap is { } bitmap)
        {
            if (BitmapAfter(bitmap, keys, skip) is not null) return bitmap.AddMany(keys, skip, duplicate);
            var held = bitmap.ToArray();
            _hash.AddMany(held, default, new bool[held.Length]);
            _bitmap = null;
        }
        return _hash.AddMany(keys, skip, duplicate);
    }

    /// <summary>The bitmap's size after adding the keys, or null when that would make it the larger form.</summary>
    private static long? BitmapAfter(Int64BitmapSet bitmap, ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip)
    {
        if (Int64BitmapSet.RangeOf(keys, skip) is not { } range) return bitmap.Bytes;
        long bytes = bitmap.BytesToCover(range.Min, range.Max);
        return bytes <= Math.Max(SmallBitmapBytes, BitmapBytesPerKey * (bitmap.Count + (long)keys.Length)) ? bytes : null;
    }

    public long[] ToArray() => _bitmap?.ToArray() ?? _hash.ToArray();

    public void Clear()
    {
        _bitmap?.Clear();
        _hash.Clear();
    }
}
