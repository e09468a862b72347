using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Analyze;

/// <summary>Display text of single Arrow values for profiles and examples: numbers in shortest round-trip form,
/// dates and timestamps in ISO 8601, dictionaries decoded, nested values by type name.</summary>
public static class ValueText
{
    /// <summary>The text of the value at <paramref name="row"/>, or null when it is null.</summary>
    public static string? Get(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return null;
        return array switch
        {
            StringArray s => s.GetString(row),
            LargeStringArray s => s.GetString(row),
            StringViewArray s => s.GetString(row),
            BooleanArray b => b.GetValue(row)!.Value ? "true" : "false",
            Int8Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            Int16Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            Int32Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            Int64Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt8Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt16Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt32Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            UInt64Array a => a.GetValue(row)!.Value.ToString(CultureInfo.InvariantCulture),
            FloatArray f => f.GetValue(row)!.Value.ToString("R", CultureInfo.InvariantCulture),
            DoubleArray d => Number(d.GetValue(row)!.Value),
            Decimal128Array d => d.GetSqlDecimal(row)?.ToString() ?? "",
            Date32Array d => Date(d.Values[row]),
            Date64Array d => Date(Math.DivRem(d.Values[row], 86_400_000L, out long ms) - (ms < 0 ? 1 : 0)),
            TimestampArray t => Timestamp(t.Values[row], ((TimestampType)t.Data.DataType).Unit),
            DictionaryArray d => Get(d.Dictionary, DictionaryIndex(d.Indices, row)),
            _ => array.Data.DataType.Name,
        };
    }

    /// <summary>A double in shortest round-trip form (JSON-safe names for NaN and infinities).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>ISO date from days since the Unix epoch.</summary>
    public static string Date(long days)
        => days is > -719_162 and < 2_932_896 ? DateOnly.FromDayNumber((int)(days + 719_162)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : days.ToString(CultureInfo.InvariantCulture) + " days";

    /// <summary>ISO timestamp (UTC) from a raw value in the given unit.</summary>
    public static string Timestamp(long value, TimeUnit unit)
    {
        long ticks = TimestampTicks(value, unit);
        return ticks is >= 0 and <= 3_155_378_975_999_999_999 - 621_355_968_000_000_000
            ? new DateTime(621_355_968_000_000_000 + ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            : ticks < 0 && ticks >= -621_355_968_000_000_000
                ? new DateTime(621_355_968_000_000_000 + ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
                : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>.NET ticks (100 ns) since the Unix epoch for a raw timestamp value.</summary>
    public static long TimestampTicks(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value > long.MaxValue / 10_000_000 || value < long.MinValue / 10_000_000 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10_000_000,
        TimeUnit.Millisecond => value > long.MaxValue / 10_000 || value < long.MinValue / 10_000 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10_000,
        TimeUnit.Microsecond => value > long.MaxValue / 10 || value < long.MinValue / 10 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10,
        _ => value / 100,
    };

    /// <summary>The dictionary slot of a row of dictionary indices.</summary>
    public static int DictionaryIndex(IArrowArray indices, int row) => indices switch
    {
        Int8Array i => i.GetValue(row)!.Value,
        Int16Array i => i.GetValue(row)!.Value,
        Int32Array i => i.GetValue(row)!.Value,
        Int64Array i => checked((int)i.GetValue(row)!.Value),
        UInt8Array i => i.GetValue(row)!.Value,
        UInt16Array i => i.GetValue(row)!.Value,
        UInt32Array i => checked((int)i.GetValue(row)!.Value),
        _ => throw new NotSupportedException($"dictionary indices of type {indices.Data.DataType.Name}"),
    };
}
