using Npgsql;
using NpgsqlTypes;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// How each result column is read from a binary COPY export. COPY's binary rows carry no type information, so the
/// reader must name each column's wire type; the types read natively are listed in <see cref="Native"/>. Every other
/// type (json, uuid, arrays, intervals, unconstrained numerics, ...) is cast to text in the COPY query and arrives as
/// an exact string.
/// </summary>
internal static class PostgresCopyColumns
{
    private static readonly Dictionary<string, ColumnKind> Native = new(StringComparer.Ordinal)
    {
        ["bool"] = ColumnKind.Boolean, ["int2"] = ColumnKind.Int16, ["int4"] = ColumnKind.Int32, ["int8"] = ColumnKind.Int64,
        ["float4"] = ColumnKind.Float32, ["float8"] = ColumnKind.Float64, ["numeric"] = ColumnKind.Decimal,
        ["text"] = ColumnKind.Utf8, ["varchar"] = ColumnKind.Utf8, ["bpchar"] = ColumnKind.Utf8, ["name"] = ColumnKind.Utf8,
        ["bytea"] = ColumnKind.Binary, ["date"] = ColumnKind.Date, ["timestamp"] = ColumnKind.Timestamp,
        ["timestamptz"] = ColumnKind.TimestampTz, ["time"] = ColumnKind.Time,
    };

    /// <summary>Plans a column from the server's description; <c>CastToText</c> says the COPY query must cast it.</summary>
    public static (ColumnPlan Plan, bool CastToText) Plan(Npgsql.Schema.NpgsqlDbColumn column)
    {
        var internalName = column.PostgresType?.InternalName ?? "";
        var plan = DeclaredTypes.Plan(column.ColumnName, column.DataTypeName, column.DataType, column.NumericPrecision, column.NumericScale);
        if (Native.TryGetValue(internalName, out var kind) && kind == plan.Kind) return (plan, false);
        return (new ColumnPlan(column.ColumnName, ColumnKind.Utf8), true);
    }

    /// <summary>The reader of one non-null value of a planned column.</summary>
    public static Action<NpgsqlBinaryExporter> Reader(ColumnPlan plan, ColumnBuilder builder) => (plan.Kind, builder) switch
    {
        (ColumnKind.Boolean, BooleanColumn b) => e => b.Append(e.Read<bool>(NpgsqlDbType.Boolean)),
        (ColumnKind.Int16, FixedWidthColumn<short> c) => e => c.Append(e.Read<short>(NpgsqlDbType.Smallint)),
        (ColumnKind.Int32, FixedWidthColumn<int> c) => e => c.Append(e.Read<int>(NpgsqlDbType.Integer)),
        (ColumnKind.Int64, FixedWidthColumn<long> c) => e => c.Append(e.Read<long>(NpgsqlDbType.Bigint)),
        (ColumnKind.Float32, FixedWidthColumn<float> c) => e => c.Append(e.Read<float>(NpgsqlDbType.Real)),
        (ColumnKind.Float64, FixedWidthColumn<double> c) => e => c.Append(e.Read<double>(NpgsqlDbType.Double)),
        (ColumnKind.Decimal, DecimalColumn c) => e => c.Append(e.Read<decimal>(NpgsqlDbType.Numeric)),
        (ColumnKind.Utf8, BinaryColumn c) => e => c.Append(e.Read<string>(NpgsqlDbType.Text)),
        (ColumnKind.Binary, BinaryColumn c) => e => c.Append(e.Read<byte[]>(NpgsqlDbType.Bytea)),
        (ColumnKind.Date, FixedWidthColumn<int> c) => e => c.Append(e.Read<DateOnly>(NpgsqlDbType.Date).DayNumber - UnixEpochDay),
        (ColumnKind.Timestamp, FixedWidthColumn<long> c) => e => c.Append(ArrowTemporal.MicrosFromTicks(e.Read<DateTime>(NpgsqlDbType.Timestamp).Ticks)),
        (ColumnKind.TimestampTz, FixedWidthColumn<long> c) => e => c.Append(ArrowTemporal.MicrosFromTicks(e.Read<DateTime>(NpgsqlDbType.TimestampTz).Ticks)),
        (ColumnKind.Time, FixedWidthColumn<long> c) => e => c.Append(e.Read<TimeSpan>(NpgsqlDbType.Time).Ticks / 10),
        _ => throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.Internal, $"no COPY reader for column '{plan.Name}' of kind {plan.Kind}"),
    };

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
}
