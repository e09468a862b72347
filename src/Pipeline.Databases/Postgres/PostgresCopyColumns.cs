using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// How each result column is read from a binary COPY export. COPY's binary rows carry no type information, so the
/// reader must know each column's wire format; the types decoded natively are listed in <see cref="Native"/>. Every other
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
}
