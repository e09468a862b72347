using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>One DOUBLE operator as a generic struct argument (one compiled loop per operator).</summary>
internal interface IDoubleOp
{
    static abstract double Apply(double a, double b);
    static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b);
}

internal readonly struct AddOp : IDoubleOp
{
    public static double Apply(double a, double b) => a + b;
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a + b;
}

internal readonly struct SubOp : IDoubleOp
{
    public static double Apply(double a, double b) => a - b;
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a - b;
}

internal readonly struct MulOp : IDoubleOp
{
    public static double Apply(double a, double b) => a * b;
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a * b;
}

internal readonly struct DivOp : IDoubleOp
{
    public static double Apply(double a, double b) => a / b;
    public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a / b;
}

/// <summary>
/// <c>+ - * /</c> over DOUBLE operands, four rows per vector instruction, either side possibly a constant. Values
/// under null rows are computed too (harmless for doubles: no exception) and hidden by the combined validity.
/// </summary>
internal sealed class DoubleArithmeticKernel(string op, Kernel left, Kernel right) : Kernel(SqlType.Double)
{
    public override KVec Evaluate(KContext context)
    {
        var a = left.Evaluate(context);
        var b = right.Evaluate(context);
        int n = context.Length;
        if (a.IsNullScalar || b.IsNullScalar) return KVec.AllNull(SqlKind.Double, n);
        if (a.IsScalar && b.IsScalar) a = context.Expand(a);
        var data = context.Values(this, n * 8);
        var r = MemoryMarshal.Cast<byte, double>(data.AsSpan(0, n * 8));
        switch (op)
        {
            case "+": Run<AddOp>(a, b, r); break;
            case "-": Run<SubOp>(a, b, r); break;
            case "*": Run<MulOp>(a, b, r); break;
            default: Run<DivOp>(a, b, r); break;
        }
        return KVec.Column(SqlKind.Double, n, new ReadOnlyMemory<byte>(data, 0, n * 8), BitOps.And(a.Validity, b.Validity), owned: true);
    }

    private static void Run<TOp>(KVec a, KVec b, Span<double> r) where TOp : struct, IDoubleOp
    {
        int n = r.Length, i = 0;
        ref double pr = ref MemoryMarshal.GetReference(r);
        if (a.IsScalar)
        {
            var x = a.ScalarDouble;
            var y = b.Doubles;
            ref double py = ref MemoryMarshal.GetReference(y);
            var vx = Vector256.Create(x);
            for (; i <= n - 4; i += 4) TOp.Apply(vx, Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i < n; i++) r[i] = TOp.Apply(x, y[i]);
        }
        else if (b.IsScalar)
        {
            var x = a.Doubles;
            var y = b.ScalarDouble;
            ref double px = ref MemoryMarshal.GetReference(x);
            var vy = Vector256.Create(y);
            for (; i <= n - 4; i += 4) TOp.Apply(Vector256.LoadUnsafe(ref px, (nuint)i), vy).StoreUnsafe(ref pr, (nuint)i);
            for (; i < n; i++) r[i] = TOp.Apply(x[i], y);
        }
        else
        {
            var x = a.Doubles;
            var y = b.Doubles;
            ref double px = ref MemoryMarshal.GetReference(x);
            ref double py = ref MemoryMarshal.GetReference(y);
            for (; i <= n - 4; i += 4) TOp.Apply(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            for (; i < n; i++) r[i] = TOp.Apply(x[i], y[i]);
        }
    }
}

/// <summary>
/// <c>+ - *</c> over BIGINT operands: overflow is detected without a branch per row and is an error only on a row
/// that is not null (values under null rows are unspecified, so they may overflow harmlessly).
/// </summary>
internal sealed class LongArithmeticKernel(string op, Kernel left, Kernel right, SqlType type) : Kernel(type)
{
    public override KVec Evaluate(KContext context)
    {
        var a = left.Evaluate(context);
        var b = right.Evaluate(context);
        int n = context.Length;
        if (a.IsNullScalar || b.IsNullScalar) return KVec.AllNull(SqlKind.Int64, n);
        a = context.Expand(a);
        b = context.Expand(b);
        var validity = BitOps.And(a.Validity, b.Validity);
        var data = context.Values(this, n * 8);
        var r = MemoryMarshal.Cast<byte, long>(data.AsSpan(0, n * 8));
        var valid = validity is null ? default : BitOps.AsWords(validity);
        int bad = op switch
        {
            "+" => Run<LongAdd>(a.Longs, b.Longs, r, valid),
            "-" => Run<LongSub>(a.Longs, b.Longs, r, valid),
            _ => Run<LongMul>(a.Longs, b.Longs, r, valid),
        };
        if (bad >= 0) throw context.Error("integer overflow");
        return KVec.Column(SqlKind.Int64, n, new ReadOnlyMemory<byte>(data, 0, n * 8), validity, owned: true);
    }

    /// <summary>The first non-null row that overflows, or -1.</summary>
    private static int Run<TOp>(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> r, ReadOnlySpan<ulong> valid) where TOp : struct, ILongOp
    {
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = TOp.Apply(x[i], y[i], out bool overflow);
            if (overflow && (valid.IsEmpty || BitOps.Get(valid, i))) return i;
        }
        return -1;
    }
}

/// <summary>One BIGINT operator that reports overflow instead of throwing (the row may be null).</summary>
internal interface ILongOp
{
    static abstract long Apply(long a, long b, out bool overflow);
}

internal readonly struct LongAdd : ILongOp
{
    public static long Apply(long a, long b, out bool overflow)
    {
        long s = a + b;
        overflow = ((a ^ s) & (b ^ s)) < 0;
        return s;
    }
}

internal readonly struct LongSub : ILongOp
{
    public static long Apply(long a, long b, out bool overflow)
    {
        long s = a - b;
        overflow = ((a ^ b) & (a ^ s)) < 0;
        return s;
    }
}

internal readonly struct LongMul : ILongOp
{
    public static long Apply(long a, long b, out bool overflow)
    {
        long high = Math.BigMul(a, b, out long low);
        overflow = high != (low >> 63);
        return low;
    }
}

/// <summary>BIGINT to DOUBLE (exact up to 2^53, rounded beyond, as the cast is).</summary>
internal sealed class LongToDoubleKernel(Kernel operand) : Kernel(SqlType.Double)
{
    public override KVec Evaluate(KContext context)
    {
        var v = operand.Evaluate(context);
        if (v.IsScalar) return KVec.Constant(SqlKind.Double, v.Scalar is long l ? (double)l : null, context.Length);
        var x = v.Longs;
        int n = x.Length;
        var data = context.Values(this, n * 8);
        var r = MemoryMarshal.Cast<byte, double>(data.AsSpan(0, n * 8));
        for (int i = 0; i < r.Length; i++) r[i] = x[i];
        return KVec.Column(SqlKind.Double, n, new ReadOnlyMemory<byte>(data, 0, n * 8), v.Validity, owned: true);
    }
}
