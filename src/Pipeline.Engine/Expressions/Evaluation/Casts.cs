using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>
/// Conversions between types with DuckDB's rules: double → integer rounds half to even (as PostgreSQL), decimal →
/// integer and → smaller scale round half away from zero, out-of-range values and unreadable text are errors.
/// </summary>
internal static class Casts
{
    /// <summary>Whether a cast from <paramref name="from"/> to <paramref name="to"/> exists.</summary>
    public static bool Exists(SqlType from, SqlType to)
        => from.Kind == to.Kind || from.Kind is SqlKind.Null or SqlKind.String || to.Kind == SqlKind.String
           || (from.IsNumeric || from.Kind == SqlKind.Boolean) && (to.IsNumeric || to.Kind == SqlKind.Boolean)
           || from.IsTemporal && to.IsTemporal;

    /// <param name="v">The values.</param>
    /// <param name="to">The type to convert them to.</param>
    /// <param name="error">Makes the exception for a value that cannot convert (the message says which).</param>
    /// <param name="range">For integer targets narrower than BIGINT: the inclusive range they accept.</param>
    public static Vector Apply(Vector v, SqlType to, Func<string, Exception> error, (long Min, long Max)? range = null)
    {
        var from = v.Type;
        if (from.Kind == SqlKind.Null) return Vector.AllNull(to, v.Length);
        if (from == to && range is null) return v;
        var r = to.Kind switch
        {
            SqlKind.Int64 => ToLong(v, error),
            SqlKind.Double => ToDouble(v, error),
            SqlKind.Decimal => ToDecimal(v, to, error),
            SqlKind.String => ToText(v, to),
            SqlKind.Boolean => ToBool(v, error),
            SqlKind.Date => ToDate(v, error),
            SqlKind.Timestamp => ToTimestamp(v, to, error),
            _ => throw error($"cannot cast {from} to {to}"),
        };
        if (range is { } rg)
        {
            var l = r.As<long>();
            for (int i = 0; i < l.Length; i++)
                if (!r.IsNull(i) && (l[i] < rg.Min || l[i] > rg.Max)) throw error($"value {l[i]} is out of range for the cast");
        }
        return r;
    }

    private static Vector ToLong(Vector v, Func<string, Exception> error) => v.Type.Kind switch
    {
        SqlKind.Int64 => v,
        SqlKind.Boolean => VectorOps.Map<bool, long>(v, SqlType.Int64, b => b ? 1 : 0),
        SqlKind.Double => VectorOps.Map<double, long>(v, SqlType.Int64, d =>
            double.IsFinite(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18
                ? (long)Math.Round(d, MidpointRounding.ToEven) : throw error($"value {ValueText.Double(d)} is out of range for BIGINT")),
        SqlKind.Decimal => VectorOps.Map<decimal, long>(v, SqlType.Int64, d =>
        {
            var r = Math.Round(d, MidpointRounding.AwayFromZero);
            return r >= long.MinValue && r <= long.MaxValue ? (long)r : throw error($"value {d} is out of range for BIGINT");
        }),
        SqlKind.String => VectorOps.Map<string, long>(v, SqlType.Int64, s => ValueParse.TryLong(s, out var x) ? x : throw error($"could not convert '{s}' to BIGINT")),
        _ => throw error($"cannot cast {v.Type} to BIGINT"),
    };

    private static Vector ToDouble(Vector v, Func<string, Exception> error) => v.Type.Kind switch
    {
        SqlKind.Double => v,
        SqlKind.Boolean => VectorOps.Map<bool, double>(v, SqlType.Double, b => b ? 1 : 0),
        SqlKind.Int64 => VectorOps.Map<long, double>(v, SqlType.Double, l => l),
        SqlKind.Decimal => VectorOps.Map<decimal, double>(v, SqlType.Double, d => (double)d),
        SqlKind.String => VectorOps.Map<string, double>(v, SqlType.Double, s => ValueParse.TryDouble(s, out var x) ? x : throw error($"could not convert '{s}' to DOUBLE")),
        _ => throw error($"cannot cast {v.Type} to DOUBLE"),
    };

    private static Vector ToDecimal(Vector v, SqlType to, Func<string, Exception> error)
    {
        decimal Check(decimal d) => DecimalBits.Fits(d, to.Precision, to.Scale)
            ? Math.Round(d, to.Scale, MidpointRounding.AwayFromZero) : throw error($"value {d} is out of range for {to}");
        return v.Type.Kind switch
        {
            SqlKind.Decimal => VectorOps.Map<decimal, decimal>(v, to, Check),
            SqlKind.Boolean => VectorOps.Map<bool, decimal>(v, to, b => Check(b ? 1 : 0)),
            SqlKind.Int64 => VectorOps.Map<long, decimal>(v, to, l => Check(l)),
            SqlKind.Double => VectorOps.Map<double, decimal>(v, to, d =>
                double.IsFinite(d) && Math.Abs(d) < 7.9e28 ? Check((decimal)d) : throw error($"value {ValueText.Double(d)} is out of range for {to}")),
            SqlKind.String => VectorOps.Map<string, decimal>(v, to, s => ValueParse.TryDecimal(s, out var x) ? Check(x) : throw error($"could not convert '{s}' to {to}")),
            _ => throw error($"cannot cast {v.Type} to {to}"),
        };
    }

    private static Vector ToText(Vector v, SqlType to) => v.Type.Kind switch
    {
        SqlKind.String => v,
        SqlKind.Boolean => VectorOps.Map<bool, string?>(v, to, b => b ? "true" : "false"),
        SqlKind.Int64 => VectorOps.Map<long, string?>(v, to, l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        SqlKind.Double => VectorOps.Map<double, string?>(v, to, ValueText.Double),
        SqlKind.Decimal => VectorOps.Map<decimal, string?>(v, to, d => ValueText.Decimal(d, v.Type.Scale)),
        SqlKind.Date => VectorOps.Map<long, string?>(v, to, ValueText.Date),
        _ => VectorOps.Map<long, string?>(v, to, t => ValueText.Timestamp(t, v.Type.TimeZone is not null)),
    };

    private static Vector ToBool(Vector v, Func<string, Exception> error) => v.Type.Kind switch
    {
        SqlKind.Boolean => v,
        SqlKind.Int64 => VectorOps.Map<long, bool>(v, SqlType.Boolean, l => l != 0),
        SqlKind.Double => VectorOps.Map<double, bool>(v, SqlType.Boolean, d => d != 0),
        SqlKind.Decimal => VectorOps.Map<decimal, bool>(v, SqlType.Boolean, d => d != 0),
        SqlKind.String => VectorOps.Map<string, bool>(v, SqlType.Boolean, s => ValueParse.TryBool(s, out var b) ? b : throw error($"could not convert '{s}' to BOOLEAN")),
        _ => throw error($"cannot cast {v.Type} to BOOLEAN"),
    };

    private static Vector ToDate(Vector v, Func<string, Exception> error) => v.Type.Kind switch
    {
        SqlKind.Date => v,
        SqlKind.Timestamp => VectorOps.Map<long, long>(v, SqlType.Date, Calendar.DaysOf),
        SqlKind.String => VectorOps.Map<string, long>(v, SqlType.Date, s => ValueParse.TryDate(s, out var d) ? d : throw error($"could not convert '{s}' to DATE (expected yyyy-mm-dd)")),
        _ => throw error($"cannot cast {v.Type} to DATE"),
    };

    private static Vector ToTimestamp(Vector v, SqlType to, Func<string, Exception> error) => v.Type.Kind switch
    {
        SqlKind.Timestamp => new Vector(to, v.Values, v.Nulls),
        SqlKind.Date => VectorOps.Map<long, long>(v, to, d => checked(d * Calendar.MicrosPerDay)),
        SqlKind.String => VectorOps.Map<string, long>(v, to, s => ValueParse.TryTimestamp(s, out var t) ? t : throw error($"could not convert '{s}' to TIMESTAMP (expected yyyy-mm-dd[ hh:mm[:ss[.ffffff]]])")),
        _ => throw error($"cannot cast {v.Type} to TIMESTAMP"),
    };
}
