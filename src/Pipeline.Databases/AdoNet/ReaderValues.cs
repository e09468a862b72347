using System.Data.Common;
using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.AdoNet;

/// <summary>
/// Reads one non-null value of a <see cref="DbDataReader"/> column into its <see cref="ColumnBuilder"/>. Values that
/// providers store as text (SQLite timestamps, dates, times, decimals) are parsed with the invariant culture;
/// zoned timestamps become UTC. A value that does not fit its column is an error naming the column and row.
/// </summary>
internal static class ReaderValues
{
    /// <summary>The reader for a planned column.</summary>
    public static Action<DbDataReader, int> For(ColumnPlan plan, ColumnBuilder builder) => (plan.Kind, builder) switch
    {
        (ColumnKind.Boolean, BooleanColumn b) => (r, i) => b.Append(r.GetFieldType(i) == typeof(string) ? ParseBool(r.GetString(i)) : r.GetBoolean(i)),
        (ColumnKind.Int16, FixedWidthColumn<short> c) => (r, i) => c.Append(r.GetInt16(i)),
        (ColumnKind.Int32, FixedWidthColumn<int> c) => (r, i) => c.Append(r.GetInt32(i)),
        (ColumnKind.Int64, FixedWidthColumn<long> c) => (r, i) => c.Append(r.GetInt64(i)),
        (ColumnKind.Float32, FixedWidthColumn<float> c) => (r, i) => c.Append(r.GetFloat(i)),
        (ColumnKind.Float64, FixedWidthColumn<double> c) => (r, i) => c.Append(r.GetDouble(i)),
        (ColumnKind.Decimal, DecimalColumn c) => (r, i) => c.Append(Decimal(r, i)),
        (ColumnKind.Utf8, BinaryColumn c) => (r, i) => c.Append(Text(r, i)),
        (ColumnKind.Binary, BinaryColumn c) => (r, i) => c.Append(r.GetFieldValue<byte[]>(i)),
        (ColumnKind.Date, FixedWidthColumn<int> c) => (r, i) => c.Append(DateOnly.FromDateTime(Timestamp(r, i, zoned: false)).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber),
        (ColumnKind.Timestamp, FixedWidthColumn<long> c) => (r, i) => c.Append(ArrowTemporal.MicrosFromTicks(Timestamp(r, i, zoned: false).Ticks)),
        (ColumnKind.TimestampTz, FixedWidthColumn<long> c) => (r, i) => c.Append(ArrowTemporal.MicrosFromTicks(Timestamp(r, i, zoned: true).Ticks)),
        (ColumnKind.Time, FixedWidthColumn<long> c) => (r, i) => c.Append(Time(r, i).Ticks / 10),
        _ => throw new PipelineException(PipelineErrorKind.Internal, $"no reader for column '{plan.Name}' of kind {plan.Kind}"),
    };

    private static decimal Decimal(DbDataReader reader, int ordinal)
    {
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(string)) return decimal.Parse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        // MySQL's BIGINT UNSIGNED is read as decimal(20,0): its values do not all fit a long.
        return type == typeof(ulong) ? reader.GetFieldValue<ulong>(ordinal) : reader.GetDecimal(ordinal);
    }

    private static string Text(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) == typeof(string)) return reader.GetString(ordinal);
        return reader.GetValue(ordinal) switch
        {
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            byte[] bytes => Convert.ToHexString(bytes),
            var other => other.ToString() ?? "",
        };
    }

    private static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "t" or "yes" or "y" or "1" => true,
        "false" or "f" or "no" or "n" or "0" => false,
        _ => throw new FormatException($"'{text}' is not a boolean"),
    };

    /// <summary>A timestamp as a <see cref="DateTime"/> whose ticks are UTC when <paramref name="zoned"/>, wall-clock otherwise.</summary>
    private static DateTime Timestamp(DbDataReader reader, int ordinal, bool zoned)
    {
        // The common case without boxing: a provider that reports the column as DateTime reads it as one.
        if (reader.GetFieldType(ordinal) == typeof(DateTime))
        {
            var dt = reader.GetDateTime(ordinal);
            return zoned && dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt;
        }
        var value = reader.GetValue(ordinal);
        switch (value)
        {
            case DateTime dt:
                return zoned && dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt;
            case DateTimeOffset dto:
                return zoned ? dto.UtcDateTime : dto.DateTime;
            case DateOnly date:
                return date.ToDateTime(TimeOnly.MinValue);
            case long seconds: // SQLite: Unix time
                return DateTime.UnixEpoch.AddSeconds(seconds);
            case string text:
                // Text with an offset is converted to UTC; text without one is taken as UTC (zoned) or wall-clock time.
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                    return parsed.UtcDateTime;
                throw new FormatException($"'{text}' is not a date or timestamp");
            default:
                throw new FormatException($"a {value.GetType().Name} is not a date or timestamp");
        }
    }

    private static TimeSpan Time(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        TimeSpan span => span,
        TimeOnly time => time.ToTimeSpan(),
        DateTime dt => dt.TimeOfDay,
        string text when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) => span,
        var other => throw new FormatException($"'{other}' is not a time of day"),
    };
}
