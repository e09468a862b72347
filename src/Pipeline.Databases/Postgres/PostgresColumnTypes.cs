using Apache.Arrow;
using Apache.Arrow.Types;
using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Errors;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>PostgreSQL column types for Arrow types, and the binary COPY writer of each column's values.</summary>
internal static class PostgresColumnTypes
{
    /// <summary>The SQL type for a column (dictionaries are decoded before they get here).</summary>
    /// <exception cref="PipelineException">The Arrow type has no PostgreSQL column type here.</exception>
    public static string SqlType(IArrowType type, string column, string target) => type switch
    {
        BooleanType => "boolean",
        Int8Type or UInt8Type or Int16Type => "smallint",
        Int32Type or UInt16Type => "integer",
        Int64Type or UInt32Type => "bigint",
        UInt64Type => "numeric(20,0)",
        FloatType => "real",
        DoubleType => "double precision",
        StringType or LargeStringType or StringViewType => "text",
        BinaryType or LargeBinaryType or BinaryViewType => "bytea",
        Date32Type or Date64Type => "date",
        Time32Type or Time64Type => "time",
        TimestampType { Timezone: { Length: > 0 } } => "timestamptz",
        TimestampType => "timestamp",
        Decimal128Type d when d.Precision <= 38 => $"numeric({d.Precision},{d.Scale})",
        _ => throw new PipelineException(PipelineErrorKind.Schema, $"{target}: column '{column}' has type {type.Name}, which the PostgreSQL sink cannot store"),
    };

    /// <summary>Writes the value at a row (nulls included) to the importer's current row.</summary>
    public static Action<NpgsqlBinaryImporter, int> Writer(IArrowArray array, string column, string target)
    {
        Action<NpgsqlBinaryImporter, int> write = array switch
        {
            BooleanArray a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Boolean),
            Int8Array a => (w, i) => w.Write((short)a.GetValue(i)!.Value, NpgsqlDbType.Smallint),
            UInt8Array a => (w, i) => w.Write((short)a.GetValue(i)!.Value, NpgsqlDbType.Smallint),
            Int16Array a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Smallint),
            UInt16Array a => (w, i) => w.Write((int)a.GetValue(i)!.Value, NpgsqlDbType.Integer),
            Int32Array a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Integer),
            UInt32Array a => (w, i) => w.Write((long)a.GetValue(i)!.Value, NpgsqlDbType.Bigint),
            Int64Array a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Bigint),
            UInt64Array a => (w, i) => w.Write((decimal)a.GetValue(i)!.Value, NpgsqlDbType.Numeric),
            FloatArray a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Real),
            DoubleArray a => (w, i) => w.Write(a.GetValue(i)!.Value, NpgsqlDbType.Double),
            StringArray a => (w, i) => w.Write(a.GetString(i), NpgsqlDbType.Text),
            LargeStringArray a => (w, i) => w.Write(a.GetString(i), NpgsqlDbType.Text),
            StringViewArray a => (w, i) => w.Write(a.GetString(i), NpgsqlDbType.Text),
            BinaryArray a => (w, i) => w.Write(a.GetBytes(i).ToArray(), NpgsqlDbType.Bytea),
            LargeBinaryArray a => (w, i) => w.Write(a.GetBytes(i).ToArray(), NpgsqlDbType.Bytea),
            BinaryViewArray a => (w, i) => w.Write(a.GetBytes(i).ToArray(), NpgsqlDbType.Bytea),
            Date32Array a => (w, i) => w.Write(a.GetDateOnly(i)!.Value, NpgsqlDbType.Date),
            Date64Array a => (w, i) => w.Write(a.GetDateOnly(i)!.Value, NpgsqlDbType.Date),
            Time32Array a => (w, i) => w.Write(a.GetTime(i)!.Value.ToTimeSpan(), NpgsqlDbType.Time),
            Time64Array a => (w, i) => w.Write(a.GetTime(i)!.Value.ToTimeSpan(), NpgsqlDbType.Time),
            TimestampArray a => TimestampWriter(a),
            Decimal128Array a => (w, i) => w.Write(DecimalAt(a, i, column, target), NpgsqlDbType.Numeric),
            _ => throw new PipelineException(PipelineErrorKind.Schema, $"{target}: column '{column}' has type {array.Data.DataType.Name}, which the PostgreSQL sink cannot store"),
        };
        return array.NullCount == 0 ? write : (w, i) => { if (array.IsNull(i)) w.WriteNull(); else write(w, i); };
    }

    private static Action<NpgsqlBinaryImporter, int> TimestampWriter(TimestampArray array)
    {
        var type = (TimestampType)array.Data.DataType;
        if (type.Timezone is { Length: > 0 })
            return (w, i) => w.Write(new DateTime(ArrowTemporal.ToUtcTicks(array.Values[i], type.Unit), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        return (w, i) => w.Write(new DateTime(ArrowTemporal.ToUtcTicks(array.Values[i], type.Unit), DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
    }

    private static decimal DecimalAt(Decimal128Array array, int row, string column, string target)
    {
        try { return array.GetValue(row)!.Value; }
        catch (OverflowException)
        {
            throw new PipelineException(PipelineErrorKind.Schema,
                $"{target}: column '{column}': a decimal value has more than 28 significant digits, which the PostgreSQL sink cannot take");
        }
    }
}
