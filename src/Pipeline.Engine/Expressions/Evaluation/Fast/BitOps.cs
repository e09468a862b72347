using System.Numerics;
using System.Runtime.InteropServices;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>Bitmaps of 64-bit words (bit i of word i/64 is row i), stored as byte arrays so Arrow can take them as
/// buffers without a copy. Combining them costs one operation per 64 rows.</summary>
internal static class BitOps
{
    public static int Words(int n) => (n + 63) >> 6;

    public static byte[] NewBitmap(int n) => new byte[Words(n) * 8];

    public static Span<ulong> AsWords(byte[] bitmap) => MemoryMarshal.Cast<byte, ulong>(bitmap.AsSpan());

    /// <summary>The bits of the last word that are rows.</summary>
    public static ulong TailMask(int n) => (n & 63) == 0 ? ~0UL : (1UL << (n & 63)) - 1;

    public static bool Get(ReadOnlySpan<ulong> words, int i) => ((words[i >> 6] >> (i & 63)) & 1) != 0;

    /// <summary>Rows set among the first <paramref name="n"/>.</summary>
    public static int Count(ReadOnlySpan<ulong> words, int n)
    {
        int w = Words(n), count = 0;
        for (int k = 0; k < w - 1; k++) count += BitOperations.PopCount(words[k]);
        if (w > 0) count += BitOperations.PopCount(words[w - 1] & TailMask(n));
        return count;
    }

    /// <summary>A copy of <paramref name="n"/> bits of an Arrow bitmap starting at bit <paramref name="offset"/>
    /// (arrays sliced off a byte boundary are shifted into place).</summary>
    public static byte[] FromArrow(ReadOnlySpan<byte> source, int offset, int n)
    {
        var r = NewBitmap(n);
        int bytes = (n + 7) >> 3;
        int first = offset >> 3, shift = offset & 7;
        if (shift == 0)
        {
            source.Slice(first, bytes).CopyTo(r);
            return r;
        }
        for (int k = 0; k < bytes; k++)
        {
            int lo = source[first + k] >> shift;
            int hi = first + k + 1 < source.Length ? source[first + k + 1] << (8 - shift) : 0;
            r[k] = (byte)(lo | hi);
        }
        return r;
    }

    /// <summary>Validity of both (null: no nulls); shares an input when the other has no nulls.</summary>
    public static byte[]? And(byte[]? a, byte[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new byte[a.Length];
        var x = AsWords(a);
        var y = AsWords(b);
        var z = AsWords(r);
        for (int k = 0; k < z.Length; k++) z[k] = x[k] & y[k];
        return r;
    }

    /// <summary>Null when no row among the first <paramref name="n"/> is null, so writers and later nodes skip it.</summary>
    public static byte[]? Trim(byte[] validity, int n) => Count(AsWords(validity), n) == n ? null : validity;
}
