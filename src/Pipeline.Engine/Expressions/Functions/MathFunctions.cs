using Pipeline.Engine.Expressions.Evaluation;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>Numeric functions with DuckDB's semantics: <c>round</c> half away from zero, logarithms and square roots
/// of numbers out of their domain are errors, integers stay integers where DuckDB keeps them.</summary>
internal static class MathFunctions
{
    public static void Register(Dictionary<string, FunctionCatalog.Entry> d)
    {
        d["abs"] = new(1, 1, a => ByKind(a, static x => checked(Math.Abs(x)), Math.Abs, Math.Abs));
        d["sign"] = new(1, 1, a =>
        {
            var x = a.Numeric(0);
            return new CallNode(SqlType.Int64, [x], static (v, c) => v[0].Values switch
            {
                long[] => VectorOps.Map<long, long>(v[0], SqlType.Int64, static x => Math.Sign(x)),
                decimal[] => VectorOps.Map<decimal, long>(v[0], SqlType.Int64, static x => Math.Sign(x)),
                _ => VectorOps.Map<double, long>(v[0], SqlType.Int64, static x => double.IsNaN(x) ? 0 : Math.Sign(x)),
            });
        });
        d["floor"] = new(1, 1, a => ToScaleZero(a, Math.Floor, Math.Floor));
        d["ceil"] = d["ceiling"] = new(1, 1, a => ToScaleZero(a, Math.Ceiling, Math.Ceiling));
        d["round"] = new(1, 2, Round);
        d["sqrt"] = new(1, 1, a => Double1(a, static x => x < 0 ? throw new ArgumentOutOfRangeException(nameof(x), "cannot take square root of a negative number") : Math.Sqrt(x)));
        d["ln"] = new(1, 1, a => Double1(a, static x => Math.Log(Domain(x))));
        d["log10"] = d["log"] = new(1, 1, a => Double1(a, static x => Math.Log10(Domain(x))));
        d["log2"] = new(1, 1, a => Double1(a, static x => Math.Log2(Domain(x))));
        d["exp"] = new(1, 1, a => Double1(a, Math.Exp));
        d["pow"] = d["power"] = new(2, 2, a => new CallNode(SqlType.Double, [a.Double(0), a.Double(1)], static (v, c) =>
            VectorOps.Map<double, double, double>(v[0], v[1], SqlType.Double, Math.Pow)));
        d["greatest"] = new(1, int.MaxValue, a => Extreme(a, 1));
        d["least"] = new(1, int.MaxValue, a => Extreme(a, -1));
    }

    private static double Domain(double x) => x switch
    {
        0 => throw new ArgumentOutOfRangeException(nameof(x), "cannot take logarithm of zero"),
        < 0 => throw new ArgumentOutOfRangeException(nameof(x), "cannot take logarithm of a negative number"),
        _ => x,
    };

    private static Node Double1(CallArgs a, Func<double, double> f)
        => new CallNode(SqlType.Double, [a.Double(0)], (v, c) =>
        {
            try { return VectorOps.Map(v[0], SqlType.Double, f); }
            catch (ArgumentOutOfRangeException e) { throw c.Error(e.Message.Split(" (Parameter")[0]); }
        });

    private static Node ByKind(CallArgs a, Func<long, long> l, Func<double, double> dbl, Func<decimal, decimal> dec)
    {
        var x = a.Numeric(0);
        return new CallNode(x.Type, [x], (v, c) =>
        {
            try
            {
                return v[0].Values switch
                {
                    long[] => VectorOps.Map(v[0], v[0].Type, l),
                    decimal[] => VectorOps.Map(v[0], v[0].Type, dec),
                    _ => VectorOps.Map(v[0], v[0].Type, dbl),
                };
            }
            catch (OverflowException) { throw c.Error("integer overflow"); }
        });
    }

    /// <summary>floor/ceil: integers unchanged, doubles stay doubles, decimals become scale 0.</summary>
    private static Node ToScaleZero(CallArgs a, Func<double, double> dbl, Func<decimal, decimal> dec)
    {
        var x = a.Numeric(0);
        if (x.Type.Kind == SqlKind.Int64) return x;
        var type = x.Type.Kind == SqlKind.Decimal ? SqlType.Decimal(x.Type.Precision - x.Type.Scale + 1, 0) : SqlType.Double;
        return new CallNode(type, [x], (v, c) => v[0].Values is decimal[]
            ? VectorOps.Map(v[0], type, dec) : VectorOps.Map(v[0], type, dbl));
    }

    /// <summary><c>round(x[, digits])</c>, half away from zero: a double stays double (DuckDB's
    /// <c>round(x·10^d)/10^d</c>), a decimal gets scale <c>digits</c>, an integer is unchanged for digits ≥ 0.</summary>
    private static Node Round(CallArgs a)
    {
        var x = a.Numeric(0);
        var digits = a.Count == 2 ? a.Long(1) : new ConstantNode(SqlType.Int64, 0L);
        long? constant = digits is ConstantNode { Value: long k } ? k : null;
        switch (x.Type.Kind)
        {
            case SqlKind.Double:
                return new CallNode(SqlType.Double, [x, digits], static (v, c) => VectorOps.Map<double, long, double>(v[0], v[1], SqlType.Double, RoundDouble));
            case SqlKind.Decimal:
            {
                int scale = (int)Math.Clamp(constant ?? throw a.Error("the digits must be an integer constant for a decimal"), 0, x.Type.Scale);
                var type = SqlType.Decimal(x.Type.Precision - x.Type.Scale + scale + 1, scale);
                long places = constant.Value;
                return new CallNode(type, [x], (v, c) => VectorOps.Map<decimal, decimal>(v[0], type, m => RoundDecimal(m, places)));
            }
            default:
                return new CallNode(SqlType.Int64, [x, digits], static (v, c) => VectorOps.Map<long, long, long>(v[0], v[1], SqlType.Int64, RoundLong));
        }
    }

    private static double RoundDouble(double x, long digits)
    {
        double r;
        if (digits >= 0)
        {
            double m = Math.Pow(10, digits);
            r = Math.Round(x * m, MidpointRounding.AwayFromZero) / m;
        }
        else
        {
            double m = Math.Pow(10, -digits);
            r = Math.Round(x / m, MidpointRounding.AwayFromZero) * m;
        }
        return double.IsInfinity(r) || double.IsNaN(r) ? x : r;
    }

    private static decimal RoundDecimal(decimal x, long digits)
    {
        if (digits >= 0) return Math.Round(x, (int)Math.Min(digits, 28), MidpointRounding.AwayFromZero);
        decimal m = 1;
        for (long i = 0; i < Math.Min(-digits, 28); i++) m *= 10;
        return Math.Round(x / m, MidpointRounding.AwayFromZero) * m;
    }

    private static long RoundLong(long x, long digits)
    {
        if (digits >= 0) return x;
        return digits < -18 ? 0 : (long)RoundDecimal(x, digits);
    }

    /// <summary>greatest/least: nulls are skipped; null only when every argument is.</summary>
    private static Node Extreme(CallArgs a, int sign)
    {
        var (args, type) = ConditionalFunctions.Common(a);
        return new CallNode(type, args, (v, c) =>
        {
            int n = c.Length;
            var best = Vector.NewValues(type, n);
            var nulls = new bool[n];
            for (int i = 0; i < n; i++)
            {
                int pick = -1;
                for (int k = 0; k < v.Length; k++)
                {
                    if (v[k].IsNull(i)) continue;
                    if (pick < 0 || sign * CompareAt(v[k], v[pick], i) > 0) pick = k;
                }
                if (pick < 0) nulls[i] = true;
                else Array.Copy(v[pick].Values, i, best, i, 1);
            }
            return new Vector(type, best, NullMasks.Trim(nulls));
        });
    }

    private static int CompareAt(Vector x, Vector y, int i) => x.Values switch
    {
        long[] l => l[i].CompareTo(y.As<long>()[i]),
        double[] d => Comparisons.Double(d[i], y.As<double>()[i]),
        decimal[] m => m[i].CompareTo(y.As<decimal>()[i]),
        bool[] b => b[i].CompareTo(y.As<bool>()[i]),
        _ => Comparisons.Text(x.As<string>()[i], y.As<string>()[i]),
    };
}
