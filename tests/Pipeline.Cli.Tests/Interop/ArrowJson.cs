using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Cli.Tests.Interop;

/// <summary>
/// The C# side of <c>tests/interop/js/normalize.mjs</c>: column values as plain JSON-comparable objects (int64 as
/// decimal strings, doubles as numbers with NaN/±Infinity as strings, timestamps and dates as epoch milliseconds,
/// dictionaries decoded), and a comparison against what apache-arrow (JS) printed.
/// </summary>
internal static class ArrowJson
{
    public static Dictionary<string, List<object?>> Columns(IReadOnlyList<RecordBatch> batches, Schema schema)
    {
        var columns = schema.FieldsList.ToDictionary(f => f.Name, _ => new List<object?>());
        foreach (var batch in batches)
            for (int c = 0; c < batch.ColumnCount; c++)
                for (int row = 0; row < batch.Length; row++)
                    columns[schema.FieldsList[c].Name].Add(Value(batch.Column(c), row));
        return columns;
    }

    public static object? Value(IArrowArray array, int row)
    {
        if (array is DictionaryArray dictionary)
        {
            if (dictionary.Indices.IsNull(row)) return null;
            long index = dictionary.Indices switch
            {
                Int8Array a => a.GetValue(row)!.Value,
                Int16Array a => a.GetValue(row)!.Value,
                Int32Array a => a.GetValue(row)!.Value,
                Int64Array a => a.GetValue(row)!.Value,
                UInt8Array a => a.GetValue(row)!.Value,
                UInt16Array a => a.GetValue(row)!.Value,
                UInt32Array a => a.GetValue(row)!.Value,
                _ => throw new NotSupportedException(dictionary.Indices.GetType().Name),
            };
            return Value(dictionary.Dictionary, (int)index);
        }
        if (array.IsNull(row)) return null;
        return array switch
        {
            Int64Array a => a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Int32Array a => (double)a.GetValue(row)!.Value,
            DoubleArray a => Number(a.GetValue(row)!.Value),
            StringArray a => a.GetString(row),
            BooleanArray a => a.GetValue(row)!.Value,
            TimestampArray a => Milliseconds(a.GetValue(row)!.Value, ((TimestampType)a.Data.DataType).Unit),
            Date32Array a => a.GetValue(row)!.Value * 86_400_000.0,
            _ => throw new NotSupportedException($"no JSON form for {array.Data.DataType.Name}"),
        };
    }

    private static object Number(double value) => double.IsFinite(value) ? value
        : double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    // apache-arrow hands every timestamp unit back in milliseconds: microseconds as value / 1000 (a double).
    private static double Milliseconds(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value * 1000.0,
        TimeUnit.Millisecond => value,
        TimeUnit.Microsecond => value / 1000.0,
        _ => value / 1_000_000.0,
    };

    /// <summary>Asserts that the JS-side JSON columns hold exactly these values.</summary>
    public static void AssertSame(Dictionary<string, List<object?>> expected, JsonElement jsColumns)
    {
        foreach (var (name, values) in expected)
        {
            Assert.True(jsColumns.TryGetProperty(name, out var column), $"column {name} missing on the JS side");
            var js = column.EnumerateArray().ToList();
            Assert.True(values.Count == js.Count, $"column {name}: {values.Count} values here, {js.Count} in JS");
            for (int row = 0; row < values.Count; row++)
                Assert.True(Same(values[row], js[row]), $"column {name} row {row}: {values[row] ?? "null"} here, {js[row].GetRawText()} in JS");
        }
    }

    private static bool Same(object? value, JsonElement js) => value switch
    {
        null => js.ValueKind == JsonValueKind.Null,
        string s => js.ValueKind == JsonValueKind.String && js.GetString() == s,
        bool b => js.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        double d => js.ValueKind == JsonValueKind.Number && js.GetDouble() == d,
        _ => false,
    };
}
