using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Analyze;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>Reads Arrow columns into the plain arrays the report analyzers fold: numbers as doubles (NaN for null) and
/// dates and timestamps as .NET ticks.</summary>
internal static class ColumnValues
{
    /// <summary>Each row's number, or NaN for null (and for text that does not parse).</summary>
    public static double[] Numbers(IArrowArray array)
    {
        var values = new double[array.Length];
        AlignedValues.Fill(array, values);
        return values;
    }

    /// <summary>Each row's instant in ticks (100 ns since the Unix epoch), or null for null.</summary>
    public static long?[] Ticks(IArrowArray array)
    {
        var ticks = new long?[array.Length];
        for (int i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i)) continue;
            ticks[i] = array switch
            {
                Date32Array d => d.Values[i] * TimeSpan.TicksPerDay,
                Date64Array d => d.Values[i] * TimeSpan.TicksPerMillisecond,
                TimestampArray t => ValueText.TimestampTicks(t.Values[i], ((TimestampType)t.Data.DataType).Unit),
                _ => null,
            };
        }
        return ticks;
    }
}
