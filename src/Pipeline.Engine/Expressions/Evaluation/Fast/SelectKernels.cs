using System.Numerics;
using System.Runtime.InteropServices;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>Copies the rows of a mask from one vector into a result, word by word: a full word of 64 rows is one
/// block copy, an empty one is skipped, others go bit by bit.</summary>
internal static class Blend
{
    /// <summary>Rows set in <paramref name="mask"/> take <paramref name="from"/>'s value and validity.</summary>
    public static void Into(KVec from, ReadOnlySpan<ulong> mask, Span<byte> data, Span<ulong> validity)
    {
        if (from.IsNullScalar) return;
        var fromValid = from.ValidWords;
        bool scalar = from.IsScalar;
        if (from.Storage == SqlKind.Boolean)
        {
            var bits = MemoryMarshal.Cast<byte, ulong>(data);
            ulong constant = scalar && from.ScalarBool ? ~0UL : 0UL;
            var fb = scalar ? default : from.Bits;
            for (int w = 0; w < mask.Length; w++)
            {
                ulong m = mask[w];
                if (m == 0) continue;
                validity[w] |= m & (fromValid.IsEmpty ? ~0UL : fromValid[w]);
                bits[w] = (bits[w] & ~m) | ((scalar ? constant : fb[w]) & m);
            }
            return;
        }
        var r = MemoryMarshal.Cast<byte, long>(data);
        var f = scalar ? default : MemoryMarshal.Cast<byte, long>(from.Data.Span);
        // Doubles move as their bits: a copy needs no arithmetic.
        long c = !scalar ? 0 : from.Scalar is double d ? BitConverter.DoubleToInt64Bits(d) : (long)from.Scalar!;
        for (int w = 0; w < mask.Length; w++)
        {
            ulong m = mask[w];
            if (m == 0) continue;
            validity[w] |= m & (fromValid.IsEmpty ? ~0UL : fromValid[w]);
            int start = w << 6;
            if (m == ~0UL && start + 64 <= r.Length)
            {
                if (scalar) r.Slice(start, 64).Fill(c);
                else f.Slice(start, 64).CopyTo(r.Slice(start, 64));
                continue;
            }
            while (m != 0)
            {
                int i = start + BitOperations.TrailingZeroCount(m);
                m &= m - 1;
                if (i < r.Length) r[i] = scalar ? c : f[i];
            }
        }
    }
}

/// <summary><c>case when ...</c> over bitmaps: each condition claims the rows it makes true among those still open
/// (null counts as not true); a branch is evaluated only when it claims a row, as the general evaluator does.</summary>
internal sealed class CaseKernel(Kernel[] conditions, Kernel[] values, Kernel? otherwise, SqlType type) : Kernel(type)
{
    public override KVec Evaluate(KContext context)
    {
        int n = context.Length;
        int words = BitOps.Words(n);
        ulong tail = BitOps.TailMask(n);
        var open = new ulong[words];
        open.AsSpan().Fill(~0UL);
        if (words > 0) open[^1] = tail;
        int remaining = n;
        var picks = new ulong[conditions.Length][];
        for (int k = 0; k < conditions.Length && remaining > 0; k++)
        {
            var c = conditions[k].Evaluate(context).Materialize();
            var bits = c.Bits;
            var valid = c.ValidWords;
            var pick = picks[k] = new ulong[words];
            for (int w = 0; w < words; w++)
            {
                ulong p = open[w] & bits[w] & (valid.IsEmpty ? ~0UL : valid[w]);
                pick[w] = p;
                open[w] &= ~p;
                remaining -= BitOperations.PopCount(p);
            }
        }
        int size = Storage == SqlKind.Boolean ? words * 8 : n * 8;
        // A bitmap is small and read word by word (unpicked words must be defined); values under null rows are not.
        var data = Storage == SqlKind.Boolean ? new byte[size] : context.Values(this, size);
        var validity = BitOps.NewBitmap(n);
        var vw = BitOps.AsWords(validity);
        for (int k = 0; k < conditions.Length; k++)
            if (picks[k] is { } pick && Any(pick)) Blend.Into(values[k].Evaluate(context), pick, data.AsSpan(0, size), vw);
        if (otherwise is not null && remaining > 0) Blend.Into(otherwise.Evaluate(context), open, data.AsSpan(0, size), vw);
        return KVec.Column(Storage, n, new ReadOnlyMemory<byte>(data, 0, size), BitOps.Trim(validity, n), owned: true);
    }

    private static bool Any(ulong[] words)
    {
        foreach (var w in words) if (w != 0) return true;
        return false;
    }
}

/// <summary><c>coalesce</c>: the first argument copied, then each later one fills the rows still null. Every
/// argument is evaluated, as the general evaluator does (so the same errors surface).</summary>
internal sealed class CoalesceKernel(Kernel[] arguments, SqlType type) : Kernel(type)
{
    public override KVec Evaluate(KContext context)
    {
        int n = context.Length;
        var args = new KVec[arguments.Length];
        for (int k = 0; k < args.Length; k++) args[k] = arguments[k].Evaluate(context);
        if (args[0].IsScalar && !args[0].IsNullScalar) return args[0];
        if (!args[0].IsScalar && args[0].Validity is null) return args[0];
        int words = BitOps.Words(n);
        int size = Storage == SqlKind.Boolean ? words * 8 : n * 8;
        // A bitmap is small and read word by word (unpicked words must be defined); values under null rows are not.
        var data = Storage == SqlKind.Boolean ? new byte[size] : context.Values(this, size);
        var validity = BitOps.NewBitmap(n);
        var vw = BitOps.AsWords(validity);
        var missing = new ulong[words];
        for (int k = 0; k < args.Length; k++)
        {
            bool any = false;
            for (int w = 0; w < words; w++)
            {
                missing[w] = ~vw[w] & (w == words - 1 ? BitOps.TailMask(n) : ~0UL);
                any |= missing[w] != 0;
            }
            if (!any) break;
            Blend.Into(args[k], missing, data.AsSpan(0, size), vw);
        }
        return KVec.Column(Storage, n, new ReadOnlyMemory<byte>(data, 0, size), BitOps.Trim(validity, n), owned: true);
    }
}
