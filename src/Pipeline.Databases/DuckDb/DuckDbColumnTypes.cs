using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Databases.DuckDb;

/// <summary>The DuckDB column type for each Arrow type a DuckDB sink accepts (dictionaries are written as their values).</summary>
internal static class DuckDbColumnTypes
{
    /// <summary>The SQL type for a column.</summary>
    /// <exception cref="PipelineException">The Arrow type has no DuckDB column type here (the message names the column).</exception>
    public static string SqlType(IArrowType type, string column, string target) => type switch
    {
        BooleanType => "BOOLEAN",
        Int8Type => "TINYINT",
        Int16Type => "SMALLINT",
        Int32Type => "INTEGER",
        Int64Type => "BIGINT",
        UInt8Type => "UTINYINT",
        UInt16Type => "USMALLINT",
        UInt32Type => "UINTEGER",
        UInt64Type => "UBIGINT",
        FloatType => "FLOAT",
        DoubleType => "DOUBLE",
        StringType or LargeStringType or StringViewType => "VARCHAR",
        BinaryType or LargeBinaryType or BinaryViewType => "BLOB",
        Date32Type or Date64Type => "DATE",
        Time32Type or Time64Type => "TIME",
        TimestampType { Timezone: { Length: > 0 } } => "TIMESTAMPTZ",
        TimestampType => "TIMESTAMP",
        Decimal128Type d when d.Precision <= 38 => $"DECIMAL({d.Precision},{d.Scale})",
        DictionaryType dictionary => SqlType(dictionary.ValueType, column, target),
        _ => throw new PipelineException(PipelineErrorKind.Schema,
            $"{target}: column '{column}' has type {type.Name}, which the DuckDB sink cannot store"),
    };
}
