namespace Pipeline.Engine.Expressions.Typing;

/// <summary>Implicit conversions, as DuckDB makes them: integer → decimal → double, date → timestamp, null → anything.</summary>
internal static class TypeRules
{
    /// <summary>The type two values meet in (comparisons, case branches, coalesce), or null when there is none.</summary>
    public static SqlType? Common(SqlType a, SqlType b)
    {
        if (a.Kind == SqlKind.Null) return b;
        if (b.Kind == SqlKind.Null) return a;
        if (a.Kind == b.Kind)
            return a.Kind == SqlKind.Decimal ? WiderDecimal(a, b) : a;
        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Kind == SqlKind.Double || b.Kind == SqlKind.Double) return SqlType.Double;
            return WiderDecimal(AsDecimal(a), AsDecimal(b));
        }
        if (a.IsTemporal && b.IsTemporal) return a.Kind == SqlKind.Timestamp ? a : b;
        return null;
    }

    /// <summary>An integer or decimal type as a decimal.</summary>
    public static SqlType AsDecimal(SqlType t) => t.Kind == SqlKind.Decimal ? t : SqlType.IntegerAsDecimal;

    /// <summary>A decimal holding both: the larger scale and the larger count of integer digits.</summary>
    public static SqlType WiderDecimal(SqlType a, SqlType b)
    {
        int scale = Math.Max(a.Scale, b.Scale);
        int digits = Math.Max(a.Precision - a.Scale, b.Precision - b.Scale);
        return SqlType.Decimal(digits + scale, scale);
    }
}
