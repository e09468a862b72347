using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// <c>and</c> / <c>or</c> with SQL's three-valued logic on bitmap words (64 rows per operation). Values: a &amp; b
/// (a | b); a row is valid when both sides are, or when a valid side holds the dominant value (false for and, true
/// for or), which alone then decides the value. Bits under null rows may be anything; the formulas never read them
/// for a valid result.
/// </summary>
internal sealed class LogicKernel(bool and, Kernel left, Kernel right) : Kernel(SqlType.Boolean)
{
    public override KVec Evaluate(KContext context)
    {
        var a = left.Evaluate(context).Materialize();
        var b = right.Evaluate(context).Materialize();
        int n = context.Length;
        var bits = BitOps.NewBitmap(n);
        var r = BitOps.AsWords(bits);
        var x = a.Bits;
        var y = b.Bits;
        if (and) for (int k = 0; k < r.Length; k++) r[k] = x[k] & y[k];
        else for (int k = 0; k < r.Length; k++) r[k] = x[k] | y[k];
        if (a.Validity is null && b.Validity is null) return KVec.Column(SqlKind.Boolean, n, bits, null, owned: true);
        var validity = BitOps.NewBitmap(n);
        var v = BitOps.AsWords(validity);
        var va = a.ValidWords;
        var vb = b.ValidWords;
        ulong flip = and ? ~0UL : 0UL;
        for (int k = 0; k < v.Length; k++)
        {
            ulong p = va.IsEmpty ? ~0UL : va[k], q = vb.IsEmpty ? ~0UL : vb[k];
            // Dominant: for and a known false (value ^ ~0), for or a known true.
            v[k] = (p & q) | (p & (x[k] ^ flip)) | (q & (y[k] ^ flip));
        }
        return KVec.Column(SqlKind.Boolean, n, bits, BitOps.Trim(validity, n), owned: true);
    }
}

/// <summary><c>not x</c>: every bit flipped, the validity shared.</summary>
internal sealed class NotKernel(Kernel operand) : Kernel(SqlType.Boolean)
{
    public override KVec Evaluate(KContext context)
    {
        var a = operand.Evaluate(context);
        if (a.IsScalar) return KVec.Constant(SqlKind.Boolean, a.Scalar is bool b ? !b : null, context.Length);
        var bits = BitOps.NewBitmap(a.Length);
        var r = BitOps.AsWords(bits);
        var x = a.Bits;
        for (int k = 0; k < r.Length; k++) r[k] = ~x[k];
        return KVec.Column(SqlKind.Boolean, a.Length, bits, a.Validity, owned: true);
    }
}

/// <summary><c>x is [not] null</c>: the validity bitmap itself (inverted for is null); never null. A column operand
/// is not decoded at all, only its validity read, so it may be of any type.</summary>
internal sealed class IsNullKernel(Kernel? operand, int column, bool negated) : Kernel(SqlType.Boolean)
{
    public override KVec Evaluate(KContext context)
    {
        int n = context.Length;
        byte[]? validity;
        if (operand is null)
        {
            var array = context.Batch.Column(column);
            // A dictionary's null entries make rows null too; the general evaluator knows how.
            if (array is Apache.Arrow.DictionaryArray) throw new KernelFallbackException();
            validity = ColumnKernel.Validity(array);
        }
        else
        {
            var v = operand.Evaluate(context);
            if (v.IsScalar) return KVec.Constant(SqlKind.Boolean, v.Scalar is null != negated, n);
            validity = v.Validity;
        }
        var bits = BitOps.NewBitmap(n);
        var r = BitOps.AsWords(bits);
        if (validity is null)
        {
            if (negated) r.Fill(~0UL);
            return KVec.Column(SqlKind.Boolean, n, bits, null, owned: true);
        }
        var valid = BitOps.AsWords(validity);
        ulong flip = negated ? 0UL : ~0UL;
        for (int k = 0; k < r.Length; k++) r[k] = valid[k] ^ flip;
        return KVec.Column(SqlKind.Boolean, n, bits, null, owned: true);
    }
}
