using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// A text column compared with a text constant on the UTF-8 bytes, with no string decoded: byte order is code point
/// order, which is how text compares. A dictionary-encoded column compares each dictionary entry once (dictionaries
/// may differ per batch) and then maps its indices.
/// </summary>
internal sealed class StringCompareKernel(int index, string op, string constant) : Kernel(SqlType.Boolean)
{
    private readonly byte[] _constant = Encoding.UTF8.GetBytes(constant);

    /// <summary>Whether a column of Arrow type <paramref name="arrow"/> is covered: Utf8, or a dictionary of Utf8.</summary>
    public static bool Supports(IArrowType arrow)
        => arrow is StringType || arrow is DictionaryType { ValueType: StringType, IndexType: Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type };

    public override KVec Evaluate(KContext context)
    {
        var array = context.Batch.Column(index);
        int n = context.Length;
        var bits = BitOps.NewBitmap(n);
        var words = BitOps.AsWords(bits);
        switch (array)
        {
            case StringArray s:
                Compare(s, words);
                return KVec.Column(SqlKind.Boolean, n, bits, ColumnKernel.Validity(s), owned: true);
            case DictionaryArray { Dictionary: StringArray dictionary } d:
            {
                var entries = BitOps.NewBitmap(dictionary.Length);
                Compare(dictionary, BitOps.AsWords(entries));
                var validity = ColumnKernel.Validity(d.Indices);
                // A null dictionary entry makes its rows null.
                if (dictionary.NullCount > 0)
                {
                    validity ??= AllSet(n);
                    var dv = BitOps.AsWords(ColumnKernel.Validity(dictionary)!);
                    var rowValid = BitOps.NewBitmap(n);
                    Map(d.Indices, dv, BitOps.AsWords(rowValid), dictionary.Length);
                    validity = BitOps.And(validity, rowValid);
                }
                Map(d.Indices, BitOps.AsWords(entries), words, dictionary.Length);
                return KVec.Column(SqlKind.Boolean, n, bits, validity, owned: true);
            }
            default: throw new KernelFallbackException();
        }
    }

    private static byte[] AllSet(int n)
    {
        var r = BitOps.NewBitmap(n);
        r.AsSpan().Fill(0xFF);
        return r;
    }

    private void Compare(StringArray s, Span<ulong> words)
    {
        var offsets = s.ValueOffsets;
        var data = s.ValueBuffer.Span;
        ReadOnlySpan<byte> c = _constant;
        int n = s.Length;
        switch (op)
        {
            case "=" or "!=":
            {
                ulong flip = op == "=" ? 0UL : 1UL;
                for (int i = 0; i < n; i++)
                {
                    int start = offsets[i], length = offsets[i + 1] - start;
                    // The length check rejects most rows without touching the bytes.
                    ulong hit = length == c.Length && data.Slice(start, length).SequenceEqual(c) ? 1UL : 0UL;
                    words[i >> 6] |= (hit ^ flip) << (i & 63);
                }
                break;
            }
            default:
                for (int i = 0; i < n; i++)
                {
                    int start = offsets[i];
                    int order = data.Slice(start, offsets[i + 1] - start).SequenceCompareTo(c);
                    bool hit = op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
                    if (hit) words[i >> 6] |= 1UL << (i & 63);
                }
                break;
        }
    }

    /// <summary>Row i takes bit indices[i] of <paramref name="entries"/> (an index under a null row may be anything,
    /// so one out of range reads as 0).</summary>
    private static void Map(IArrowArray indices, ReadOnlySpan<ulong> entries, Span<ulong> words, int size)
    {
        switch (indices)
        {
            case Int8Array a: Map<sbyte>(a.Values, entries, words, size); break;
            case Int16Array a: Map<short>(a.Values, entries, words, size); break;
            case Int32Array a: Map<int>(a.Values, entries, words, size); break;
            case Int64Array a: Map<long>(a.Values, entries, words, size); break;
            case UInt8Array a: Map<byte>(a.Values, entries, words, size); break;
            case UInt16Array a: Map<ushort>(a.Values, entries, words, size); break;
            case UInt32Array a: Map<uint>(a.Values, entries, words, size); break;
            default: throw new KernelFallbackException();
        }
    }

    private static void Map<T>(ReadOnlySpan<T> indices, ReadOnlySpan<ulong> entries, Span<ulong> words, int size)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int i = 0; i < indices.Length; i++)
        {
            ulong k = ulong.CreateTruncating(indices[i]);
            ulong bit = k < (ulong)size ? (entries[(int)(k >> 6)] >> (int)(k & 63)) & 1 : 0;
            words[i >> 6] |= bit << (i & 63);
        }
    }
}
