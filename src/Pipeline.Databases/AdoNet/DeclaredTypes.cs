using System.Text.RegularExpressions;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.AdoNet;

/// <summary>
/// Chooses a column's Arrow type from the type the database declares for it, falling back to the .NET type the
/// provider reports. The declared type matters because providers do not always say what a column means: SQLite hands
/// booleans back as integers and timestamps as text, while its declared types (<c>BOOLEAN</c>, <c>TIMESTAMP</c>) keep
/// the intent. Names are matched case-insensitively and cover PostgreSQL, SQLite and common SQL spellings.
/// </summary>
internal static partial class DeclaredTypes
{
    [GeneratedRegex(@"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)")]
    private static partial Regex PrecisionAndScale();

    /// <summary>The largest decimal precision read exactly through .NET's <see cref="decimal"/> (28 digits); wider
    /// declared decimals are read as text so no digit is lost.</summary>
    public const int MaxDecimalPrecision = 28;

    /// <summary>Plans a column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="declared">The declared type name (may be empty, e.g. for SQLite expressions).</param>
    /// <param name="fieldType">The .NET type the provider reports for the column (or for its first value).</param>
    /// <param name="precision">Numeric precision the provider reports, if any.</param>
    /// <param name="scale">Numeric scale the provider reports, if any.</param>
    public static ColumnPlan Plan(string name, string? declared, Type? fieldType, int? precision = null, int? scale = null)
    {
        var type = (declared ?? "").Trim().ToLowerInvariant();
        var args = PrecisionAndScale().Match(type);
        var baseName = args.Success ? type[..args.Index].Trim() : type;
        if (args.Success)
        {
            precision ??= int.Parse(args.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (args.Groups[2].Success) scale ??= int.Parse(args.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        // Arrays, intervals, ranges and other structured types have no flat Arrow counterpart here: exact text.
        var kind = baseName.EndsWith("[]", StringComparison.Ordinal) || baseName is "interval" || baseName.EndsWith("range", StringComparison.Ordinal)
            ? ColumnKind.Utf8 : ByName(baseName, fieldType);
        if (kind == ColumnKind.Decimal)
        {
            // An unconstrained or very wide numeric has no fixed scale that holds every value: keep its exact text.
            if (precision is not > 0 || precision > MaxDecimalPrecision) return new ColumnPlan(name, ColumnKind.Utf8);
            return new ColumnPlan(name, kind, precision.Value, Math.Clamp(scale ?? 0, 0, precision.Value));
        }
        return new ColumnPlan(name, kind);
    }

    private static ColumnKind ByName(string type, Type? fieldType)
    {
        switch (type)
        {
            case "bool" or "boolean" or "bit": return ColumnKind.Boolean;
            case "smallint" or "int2" or "tinyint" or "smallserial": return ColumnKind.Int16;
            case "bigint" or "int8" or "bigserial": return ColumnKind.Int64;
            case "real" or "float4": return fieldType == typeof(float) ? ColumnKind.Float32 : ColumnKind.Float64;
            case "double precision" or "float8" or "double" or "float": return ColumnKind.Float64;
            case "numeric" or "decimal" or "money": return ColumnKind.Decimal;
            case "bytea" or "blob" or "binary" or "varbinary": return ColumnKind.Binary;
            case "date": return ColumnKind.Date;
            case "timestamp" or "datetime" or "datetime2" or "timestamp without time zone": return ColumnKind.Timestamp;
            case "timestamptz" or "timestamp with time zone" or "datetimeoffset": return ColumnKind.TimestampTz;
            case "time" or "time without time zone": return ColumnKind.Time;
        }
        // SQLite's own affinity rules: any declared type containing INT is an integer (64-bit), CHAR/CLOB/TEXT is text,
        // REAL/FLOA/DOUB is a double. PostgreSQL's "integer" lands here too and keeps its 32 bits via the field type.
        if (type.Contains("int", StringComparison.Ordinal))
            return fieldType == typeof(int) ? ColumnKind.Int32 : fieldType == typeof(short) ? ColumnKind.Int16 : ColumnKind.Int64;
        if (type.Contains("char", StringComparison.Ordinal) || type.Contains("clob", StringComparison.Ordinal) || type.Contains("text", StringComparison.Ordinal))
            return ColumnKind.Utf8;
        if (type.Contains("real", StringComparison.Ordinal) || type.Contains("floa", StringComparison.Ordinal) || type.Contains("doub", StringComparison.Ordinal))
            return ColumnKind.Float64;
        if (type.Contains("bool", StringComparison.Ordinal)) return ColumnKind.Boolean;
        return ByFieldType(fieldType);
    }

    private static ColumnKind ByFieldType(Type? fieldType) => fieldType switch
    {
        _ when fieldType == typeof(bool) => ColumnKind.Boolean,
        _ when fieldType == typeof(short) || fieldType == typeof(byte) || fieldType == typeof(sbyte) => ColumnKind.Int16,
        _ when fieldType == typeof(int) || fieldType == typeof(ushort) => ColumnKind.Int32,
        _ when fieldType == typeof(long) || fieldType == typeof(uint) => ColumnKind.Int64,
        _ when fieldType == typeof(float) => ColumnKind.Float32,
        _ when fieldType == typeof(double) => ColumnKind.Float64,
        _ when fieldType == typeof(byte[]) => ColumnKind.Binary,
        _ when fieldType == typeof(DateTime) => ColumnKind.Timestamp,
        _ when fieldType == typeof(DateTimeOffset) => ColumnKind.TimestampTz,
        _ when fieldType == typeof(DateOnly) => ColumnKind.Date,
        _ when fieldType == typeof(TimeOnly) || fieldType == typeof(TimeSpan) => ColumnKind.Time,
        // decimals without a declared precision, GUIDs, JSON, arrays and anything else: exact text.
        _ => ColumnKind.Utf8,
    };
}
