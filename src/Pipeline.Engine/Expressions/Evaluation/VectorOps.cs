using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Element-wise loops over vectors: nulls in, nulls out, the function runs only on non-null rows.</summary>
internal static class VectorOps
{
    /// <summary>A function that may answer null (false) for a non-null input, as division by zero does.</summary>
    public delegate bool TryFunc<in TA, TR>(TA a, out TR result);

    /// <summary>The two-argument form of <see cref="TryFunc{TA, TR}"/>.</summary>
    public delegate bool TryFunc<in TA, in TB, TR>(TA a, TB b, out TR result);

    public static Vector Map<TA, TR>(Vector a, SqlType type, Func<TA, TR> f)
    {
        var x = a.As<TA>();
        var r = new TR[x.Length];
        var nulls = a.Nulls;
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = f(x[i]);
        return new Vector(type, r, nulls);
    }

    public static Vector Map<TA, TB, TR>(Vector a, Vector b, SqlType type, Func<TA, TB, TR> f)
    {
        var x = a.As<TA>();
        var y = b.As<TB>();
        var r = new TR[x.Length];
        var nulls = NullMasks.Or(a.Nulls, b.Nulls);
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = f(x[i], y[i]);
        return new Vector(type, r, nulls);
    }

    public static Vector MapOrNull<TA, TR>(Vector a, SqlType type, TryFunc<TA, TR> f)
    {
        var x = a.As<TA>();
        var r = new TR[x.Length];
        var nulls = NullMasks.Copy(a.Nulls, x.Length);
        for (int i = 0; i < r.Length; i++) if (!nulls[i] && !f(x[i], out r[i])) nulls[i] = true;
        return new Vector(type, r, NullMasks.Trim(nulls));
    }

    public static Vector MapOrNull<TA, TB, TR>(Vector a, Vector b, SqlType type, TryFunc<TA, TB, TR> f)
    {
        var x = a.As<TA>();
        var y = b.As<TB>();
        var r = new TR[x.Length];
        var nulls = NullMasks.Copy(NullMasks.Or(a.Nulls, b.Nulls), x.Length);
        for (int i = 0; i < r.Length; i++) if (!nulls[i] && !f(x[i], y[i], out r[i])) nulls[i] = true;
        return new Vector(type, r, NullMasks.Trim(nulls));
    }

    /// <summary>A vector of <paramref name="length"/> copies of <paramref name="value"/> (null: all null).</summary>
    public static Vector Broadcast(SqlType type, object? value, int length)
    {
        if (value is null) return Vector.AllNull(type, length);
        var values = Vector.NewValues(type, length);
        switch (values)
        {
            case long[] l: Array.Fill(l, (long)value); break;
            case double[] d: Array.Fill(d, (double)value); break;
            case decimal[] m: Array.Fill(m, (decimal)value); break;
            case bool[] b: Array.Fill(b, (bool)value); break;
            case string?[] s: Array.Fill(s, (string)value); break;
        }
        return new Vector(type, values, null);
    }

    /// <summary>The boxed value at row <paramref name="i"/> (null when null): for folding constants at bind time only.</summary>
    public static object? Get(Vector v, int i) => v.IsNull(i) ? null : v.Values.GetValue(i);
}
