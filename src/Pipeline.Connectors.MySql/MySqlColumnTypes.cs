using System.Globalization;
using Apache.Arrow.Types;
using MySqlConnector;
using Pipeline.Core.Errors;

namespace Pipeline.Connectors.MySql;

/// <summary>MySQL column types: what a source column is read as (a declared type name the shared ADO.NET type
/// planner understands), and the column type a sink creates for an Arrow field.</summary>
internal static class MySqlColumnTypes
{
    /// <summary>The declared type a result column is planned from.</summary>
    public static string Declared(MySqlDbColumn column) => column.ProviderType switch
    {
        MySqlDbType.Bool => "boolean",
        MySqlDbType.Byte or MySqlDbType.UByte or MySqlDbType.Int16 => "smallint",
        MySqlDbType.UInt16 or MySqlDbType.Int24 or MySqlDbType.UInt24 or MySqlDbType.Int32 or MySqlDbType.Year => "integer",
        MySqlDbType.UInt32 or MySqlDbType.Int64 or MySqlDbType.Bit => "bigint",
        MySqlDbType.UInt64 => "decimal(20,0)",
        MySqlDbType.Decimal or MySqlDbType.NewDecimal => string.Create(CultureInfo.InvariantCulture, $"decimal({column.NumericPrecision ?? 65},{column.NumericScale ?? 0})"),
        MySqlDbType.Float => "real",
        MySqlDbType.Double => "double",
        MySqlDbType.Date or MySqlDbType.Newdate => "date",
        MySqlDbType.DateTime or MySqlDbType.Timestamp => "timestamp",
        MySqlDbType.Time => "time",
        MySqlDbType.TinyBlob or MySqlDbType.Blob or MySqlDbType.MediumBlob or MySqlDbType.LongBlob
            or MySqlDbType.Binary or MySqlDbType.VarBinary or MySqlDbType.Geometry => "blob",
        // VARCHAR, CHAR, TEXT, JSON, ENUM, SET, GUID (CHAR(36)) and anything newer: exact text.
        _ => "text",
    };

    /// <summary>The MySQL column type a sink creates for an Arrow field.</summary>
    /// <exception cref="PipelineException">The Arrow type has no MySQL column type (nested types).</exception>
    public static string SqlType(IArrowType type, string column, string target) => type switch
    {
        BooleanType => "BOOLEAN",
        Int8Type or Int16Type or UInt8Type => "SMALLINT",
        Int32Type or UInt16Type => "INT",
        Int64Type or UInt32Type => "BIGINT",
        UInt64Type => "BIGINT UNSIGNED",
        FloatType or HalfFloatType => "FLOAT",
        DoubleType => "DOUBLE",
        Decimal128Type d when d.Precision <= 65 => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{Math.Min(d.Scale, 30)})"),
        StringType or LargeStringType or StringViewType => "LONGTEXT",
        BinaryType or LargeBinaryType or BinaryViewType or FixedSizeBinaryType => "LONGBLOB",
        Date32Type or Date64Type => "DATE",
        TimestampType => "DATETIME(6)",
        Time32Type or Time64Type => "TIME(6)",
        _ => throw new PipelineException(PipelineErrorKind.Schema,
            $"{target}: column '{column}' has type {type.Name}, which has no MySQL column type (cast it to text in the spec)"),
    };
}
