namespace Pipeline.IO.Inference;

/// <summary>
/// The value types text readers infer, as a lattice: <see cref="Null"/> is the bottom (nothing seen yet),
/// <see cref="String"/> the top. Widening goes int64 → double → string, date → timestamp → string, bool → string.
/// </summary>
public enum InferredKind
{
    /// <summary>Only nulls seen so far.</summary>
    Null,
    /// <summary><c>true</c>/<c>false</c>.</summary>
    Bool,
    /// <summary>Whole numbers that fit 64 bits.</summary>
    Int64,
    /// <summary>Floating-point numbers (and integers mixed with them).</summary>
    Double,
    /// <summary>Calendar dates in one consistent layout.</summary>
    Date,
    /// <summary>Date-times (and dates mixed with them).</summary>
    Timestamp,
    /// <summary>Exact decimals at a fixed scale. Never inferred (a sample cannot tell money from measurements);
    /// only when declared in the column types. Integers fit; anything else widens it to string.</summary>
    Decimal,
    /// <summary>Anything else.</summary>
    String,
}

/// <summary>Names and joins of <see cref="InferredKind"/>.</summary>
public static class InferredKinds
{
    /// <summary>The type name used in <c>CsvReadOptions.ColumnTypes</c> and specs (<c>int64</c>, <c>double</c>, ...).
    /// A column that held only nulls is reported as <c>string</c>.</summary>
    public static string TypeName(InferredKind kind) => kind switch
    {
        InferredKind.Bool => "bool",
        InferredKind.Int64 => "int64",
        InferredKind.Double => "double",
        InferredKind.Date => "date",
        InferredKind.Timestamp => "timestamp",
        InferredKind.Decimal => "decimal",
        _ => "string",
    };

    /// <summary>The kind named by a type name, or null when the name is unknown.</summary>
    public static InferredKind? FromTypeName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "string" or "str" or "text" or "utf8" => InferredKind.String,
        "int64" or "int" or "integer" or "long" or "bigint" => InferredKind.Int64,
        "double" or "float" or "float64" or "number" => InferredKind.Double,
        "bool" or "boolean" => InferredKind.Bool,
        "date" or "date32" => InferredKind.Date,
        "timestamp" or "datetime" => InferredKind.Timestamp,
        "decimal" or "numeric" => InferredKind.Decimal,
        _ => null,
    };

    /// <summary>The least kind that holds values of both kinds (the lattice join).</summary>
    public static InferredKind Join(InferredKind a, InferredKind b)
    {
        if (a == b) return a;
        if (a == InferredKind.Null) return b;
        if (b == InferredKind.Null) return a;
        if (a == InferredKind.Decimal || b == InferredKind.Decimal)
            return a == InferredKind.Int64 || b == InferredKind.Int64 ? InferredKind.Decimal : InferredKind.String;
        if (IsNumeric(a) && IsNumeric(b)) return InferredKind.Double;
        if (IsTemporal(a) && IsTemporal(b)) return InferredKind.Timestamp;
        return InferredKind.String;
    }

    private static bool IsNumeric(InferredKind k) => k is InferredKind.Int64 or InferredKind.Double;
    private static bool IsTemporal(InferredKind k) => k is InferredKind.Date or InferredKind.Timestamp;
}
