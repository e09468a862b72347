using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// <c>= != &lt; &lt;= &gt; &gt;=</c> over two BIGINT or two DOUBLE operands (either may be a constant), four rows per
/// vector instruction, results written as bitmap words directly; validity is the two sides' validity combined.
/// </summary>
internal sealed class CompareKernel(string op, Kernel left, Kernel right) : Kernel(SqlType.Boolean)
{
    public override KVec Evaluate(KContext context)
    {
        var a = left.Evaluate(context);
        var b = right.Evaluate(context);
        int n = context.Length;
        if (a.IsNullScalar || b.IsNullScalar) return KVec.AllNull(SqlKind.Boolean, n);
        string o = op;
        if (a.IsScalar && b.IsScalar) a = context.Expand(a);
        if (a.IsScalar) (a, b, o) = (b, a, Flip(o));
        var bits = BitOps.NewBitmap(n);
        var words = BitOps.AsWords(bits);
        bool dbl = a.Storage == SqlKind.Double;
        switch (o)
        {
            case "=": Run<EqOp>(a, b, dbl, words, n); break;
            case "!=": Run<NeOp>(a, b, dbl, words, n); break;
            case "<": Run<LtOp>(a, b, dbl, words, n); break;
            case "<=": Run<LeOp>(a, b, dbl, words, n); break;
            case ">": Run<GtOp>(a, b, dbl, words, n); break;
            default: Run<GeOp>(a, b, dbl, words, n); break;
        }
        return KVec.Column(SqlKind.Boolean, n, bits, BitOps.And(a.Validity, b.Validity), owned: true);
    }

    /// <summary>The operator with its sides swapped (c &lt; x is x &gt; c).</summary>
    public static string Flip(string op) => op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };

    private static void Run<TOp>(KVec a, KVec b, bool dbl, Span<ulong> words, int n) where TOp : struct, ICompareOp
    {
        if (dbl)
        {
            if (b.IsScalar) DoublesScalar<TOp>(a.Doubles, b.ScalarDouble, words, n);
            else Doubles<TOp>(a.Doubles, b.Doubles, words, n);
        }
        else if (b.IsScalar) LongsScalar<TOp>(a.Longs, b.ScalarLong, words, n);
        else Longs<TOp>(a.Longs, b.Longs, words, n);
    }

    // Each full word is 16 vectors of 4 rows; each vector's comparison mask gives 4 bits. The tail goes row by row.

    private static void Doubles<TOp>(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<ulong> words, int n) where TOp : struct, ICompareOp
    {
        ref double px = ref MemoryMarshal.GetReference(x);
        ref double py = ref MemoryMarshal.GetReference(y);
        int full = n >> 6;
        for (int w = 0; w < full; w++)
        {
            ulong bits = 0;
            nuint i = (nuint)(w << 6);
            for (int j = 0; j < 16; j++, i += 4)
                bits |= (ulong)TOp.Double(Vector256.LoadUnsafe(ref px, i), Vector256.LoadUnsafe(ref py, i)).ExtractMostSignificantBits() << (j << 2);
            words[w] = bits;
        }
        for (int i = full << 6; i < n; i++) if (TOp.Double(x[i], y[i])) words[i >> 6] |= 1UL << (i & 63);
    }

    private static void DoublesScalar<TOp>(ReadOnlySpan<double> x, double c, Span<ulong> words, int n) where TOp : struct, ICompareOp
    {
        ref double px = ref MemoryMarshal.GetReference(x);
        var vc = Vector256.Create(c);
        int full = n >> 6;
        for (int w = 0; w < full; w++)
        {
            ulong bits = 0;
            nuint i = (nuint)(w << 6);
            for (int j = 0; j < 16; j++, i += 4)
                bits |= (ulong)TOp.Double(Vector256.LoadUnsafe(ref px, i), vc).ExtractMostSignificantBits() << (j << 2);
            words[w] = bits;
        }
        for (int i = full << 6; i < n; i++) if (TOp.Double(x[i], c)) words[i >> 6] |= 1UL << (i & 63);
    }

    private static void Longs<TOp>(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<ulong> words, int n) where TOp : struct, ICompareOp
    {
        ref long px = ref MemoryMarshal.GetReference(x);
        ref long py = ref MemoryMarshal.GetReference(y);
        int full = n >> 6;
        for (int w = 0; w < full; w++)
        {
            ulong bits = 0;
            nuint i = (nuint)(w << 6);
            for (int j = 0; j < 16; j++, i += 4)
                bits |= (ulong)TOp.Long(Vector256.LoadUnsafe(ref px, i), Vector256.LoadUnsafe(ref py, i)).ExtractMostSignificantBits() << (j << 2);
            words[w] = bits;
        }
        for (int i = full << 6; i < n; i++) if (TOp.Long(x[i], y[i])) words[i >> 6] |= 1UL << (i & 63);
    }

    private static void LongsScalar<TOp>(ReadOnlySpan<long> x, long c, Span<ulong> words, int n) where TOp : struct, ICompareOp
    {
        ref long px = ref MemoryMarshal.GetReference(x);
        var vc = Vector256.Create(c);
        int full = n >> 6;
        for (int w = 0; w < full; w++)
        {
            ulong bits = 0;
            nuint i = (nuint)(w << 6);
            for (int j = 0; j < 16; j++, i += 4)
                bits |= (ulong)TOp.Long(Vector256.LoadUnsafe(ref px, i), vc).ExtractMostSignificantBits() << (j << 2);
            words[w] = bits;
        }
        for (int i = full << 6; i < n; i++) if (TOp.Long(x[i], c)) words[i >> 6] |= 1UL << (i & 63);
    }
}
