using System.Numerics;

namespace Pipeline.Kernels.Hashing;

/// <summary>
/// A set of 64-bit integers kept as one bit per value of the range they span: the natural form for dense keys such
/// as sequential ids, where 10 million of them take 1.2 MB instead of a hash table's 128 MB, and adding one is a bit
/// test-and-set in memory that stays in cache. The range grows (at least doubling, so ids arriving in order cost few
/// copies) as keys outside it arrive; <see cref="BytesToCover"/> tells the caller beforehand what a batch would make
/// it, so sparse keys can go to a hash set instead. Not thread-safe.
/// </summary>
public sealed class Int64BitmapSet
{
    private ulong[] _words = [];
    private long _first; // the value of bit 0 of word 0 (a multiple of 64 away from every covered value)

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes of the bitmap.</summary>
    public long Bytes => (long)_words.Length * sizeof(ulong);

    /// <summary>The smallest and largest non-skipped key of a batch, or null when every key is skipped.</summary>
    public static (long Min, long Max)? RangeOf(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip)
    {
        long min = long.MaxValue, max = long.MinValue;
        bool any = false;
        if (skip.IsEmpty)
        {
            if (keys.IsEmpty) return null;
            foreach (long k in keys) { if (k < min) min = k; if (k > max) max = k; }
            return (min, max);
        }
        for (int i = 0; i < keys.Length; i++)
        {
            if (skip[i]) continue;
            any = true;
            long k = keys[i];
            if (k < min) min = k;
            if (k > max) max = k;
        }
        return any ? (min, max) : null;
    }

    /// <summary>The bitmap's bytes once it covers <paramref name="min"/>..<paramref name="max"/> as well (its growth
    /// rule included), or <see cref="long.MaxValue"/> when the span is beyond one array.</summary>
    public long BytesToCover(long min, long max) => PlanCover(min, max) is { } plan ? (long)plan.Words * sizeof(ulong) : long.MaxValue;

    /// <summary>Adds the keys whose <paramref name="skip"/> entry is not true (skip may be empty), marks in
    /// <paramref name="duplicate"/> the ones already present and returns how many were.</summary>
    /// <exception cref="InvalidOperationException">The keys span more values than one bitmap array can cover.</exception>
    public int AddMany(ReadOnlySpan<long> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate)
    {
        if (duplicate.Length < keys.Length) throw new ArgumentException("one duplicate flag per key is needed", nameof(duplicate));
        if (RangeOf(keys, skip) is not { } range) { duplicate[..keys.Length].Clear(); return 0; }
        Cover(range.Min, range.Max);
        var words = _words;
        long first = _first;
        int duplicates = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            duplicate[i] = false;
            if (!skip.IsEmpty && skip[i]) continue;
            ulong offset = (ulong)(keys[i] - first);
            ref ulong word = ref words[(int)(offset >> 6)];
            ulong bit = 1UL << (int)(offset & 63);
            if ((word & bit) != 0) { duplicate[i] = true; duplicates++; continue; }
            word |= bit;
            Count++;
        }
        return duplicates;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(long key)
    {
        if (_words.Length == 0 || key < _first) return false;
        ulong offset = (ulong)(key - _first);
        return offset >> 6 < (ulong)_words.Length && (_words[(int)(offset >> 6)] & (1UL << (int)(offset & 63))) != 0;
    }

    /// <summary>Every key, ascending.</summary>
    public long[] ToArray()
    {
        var keys = new long[Count];
        int n = 0;
        for (int w = 0; w < _words.Length; w++)
        {
            for (ulong bits = _words[w]; bits != 0; bits &= bits - 1)
                keys[n++] = _first + ((long)w << 6) + BitOperations.TrailingZeroCount(bits);
        }
        return keys;
    }

    /// <summary>Drops every key and the bitmap.</summary>
    public void Clear()
    {
        _words = [];
        _first = 0;
        Count = 0;
    }

    private void Cover(long min, long max)
    {
        if (PlanCover(min, max) is not { } plan) throw new InvalidOperationException($"keys {min}..{max} span more values than one bitmap covers");
        if (plan.Words == _words.Length && plan.First == _first) return;
        var words = new ulong[plan.Words];
        if (_words.Length > 0)
        {
            int shift = (int)((_first - plan.First) >> 6);
            _words.CopyTo(words, shift);
        }
        _words = words;
        _first = plan.First;
    }

    /// <summary>The first value and word count covering the present range and <paramref name="min"/>..<paramref name="max"/>:
    /// unchanged when already covered, else at least twice the present size, grown toward the new keys.</summary>
    private (long First, int Words)? PlanCover(long min, long max)
    {
        if (_words.Length > 0)
        {
            long last = _first + ((long)_words.Length << 6) - 1;
            if (min >= _first && max <= last) return (_first, _words.Length);
            min = Math.Min(min, _first);
            max = Math.Max(max, last);
        }
        // Word-aligned to the current first value (or to a multiple of 64 for a new bitmap), in 128-bit arithmetic
        // since the span of two longs can exceed a long.
        Int128 anchor = _words.Length > 0 ? _first : FloorDiv(min, 64) * 64;
        Int128 firstWord = FloorDiv((Int128)min - anchor, 64);
        Int128 lastWord = FloorDiv((Int128)max - anchor, 64);
        Int128 words = lastWord - firstWord + 1;
        if (_words.Length > 0)
        {
            // Grow at least twofold: ids arriving in order would otherwise copy the bitmap on every batch.
            Int128 doubled = 2 * (Int128)_words.Length;
            if (words < doubled)
            {
                if (min < _first) firstWord -= doubled - words;
                words = doubled;
            }
        }
        // The growth slack must not run past either end of the long range.
        Int128 lowestWord = -FloorDiv((Int128)long.MinValue - anchor, -64);
        Int128 highestWord = FloorDiv((Int128)long.MaxValue - anchor, 64);
        if (firstWord + words - 1 > highestWord) firstWord = highestWord - words + 1;
        if (firstWord < lowestWord) firstWord = lowestWord;
        words = Int128.Min(words, highestWord - firstWord + 1);
        if (words > Array.MaxLength) return null;
        Int128 first = anchor + firstWord * 64;
        return ((long)first, (int)words);
    }

    private static Int128 FloorDiv(Int128 value, int divisor) => Int128.DivRem(value, divisor) is var (q, r) && r != 0 && (r < 0) != (divisor < 0) ? q - 1 : q;
}
