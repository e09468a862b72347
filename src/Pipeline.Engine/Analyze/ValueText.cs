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
            Date32Array d => Date(d.Values[row]),
            Date64Array d => Date(Math.DivRem(d.Values[row], 86_400_000L, out long ms) - (ms < 0 ? 1 : 0)),
            TimestampArray t => Kernels.Text.IsoTemporalText.Timestamp(t.Values[row], ((TimestampType)t.Data.DataType).Unit, false),
            DictionaryArray d => Get(d.Dictionary, DictionaryIndex(d.Indices, row)),
            // Decimals exactly from their integers, binary as base64, nested values as JSON: the CSV writer's rules.
            _ when Kernels.Text.ArrowValueText.Supports(array.Data.DataType) => Kernels.Text.ArrowValueText.Render(array, row),
            _ => array.Data.DataType.Name,
        };
    }

    /// <summary>A double in shortest round-trip form (JSON-safe names for NaN and infinities).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>ISO date from days since the Unix epoch (expanded years outside 0001–9999).</summary>
    public static string Date(long days) => Kernels.Text.IsoTemporalText.Date(days);

    /// <summary>ISO timestamp (UTC) from a raw value in the given unit, exact to the unit.</summary>
    public static string Timestamp(long value, TimeUnit unit) => Kernels.Text.IsoTemporalText.Timestamp(value, unit, false);

    /// <summary>.NET ticks (100 ns) since the Unix epoch for a raw timestamp value.</summary>
    public static long TimestampTicks(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value > long.MaxValue / 10_000_000 || value < long.MinValue / 10_000_000 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10_000_000,
        TimeUnit.Millisecond => value > long.MaxValue / 10_000 || value < long.MinValue / 10_000 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10_000,
        TimeUnit.Microsecond => value > long.MaxValue / 10 || value < long.MinValue / 10 ? (value > 0 ? long.MaxValue : long.MinValue) : value * 10,
        _ => value / 100,
    };

    /// <summary>The dictionary slot of a row of dictionary indices.</summary>
    public static int DictionaryIndex(IArrowArray indices, int row) => Kernels.Arrays.DictionarySlots.Get(indices, row);
}
