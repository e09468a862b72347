using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Deterministic test batches covering the types the round trips must keep: int64, double, utf8, bool,
/// date32, timestamp and a dictionary-encoded string column, each with nulls.</summary>
internal static class SampleBatches
{
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(true))
        .Field(f => f.Name("price").DataType(DoubleType.Default).Nullable(true))
        .Field(f => f.Name("name").DataType(StringType.Default).Nullable(true))
        .Field(f => f.Name("active").DataType(BooleanType.Default).Nullable(true))
        .Field(f => f.Name("day").DataType(Date32Type.Default).Nullable(true))
        .Field(f => f.Name("at").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")).Nullable(true))
        .Field(f => f.Name("city").DataType(new DictionaryType(Int32Type.Default, StringType.Default, false)).Nullable(true))
        .Build();

    /// <summary>A batch of <paramref name="rows"/> rows starting at id <paramref name="start"/>; row i is null in
    /// column c when (i + c) % 7 == 0. The dictionary holds <paramref name="cities"/> in that order.</summary>
    public static RecordBatch Create(int start, int rows, string[] cities)
    {
        var id = new Int64Array.Builder();
        var price = new DoubleArray.Builder();
        var name = new StringArray.Builder();
        var active = new BooleanArray.Builder();
        var day = new Date32Array.Builder();
        var at = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var cityIndex = new Int32Array.Builder();
        for (int r = 0; r < rows; r++)
        {
            int i = start + r;
            if (Null(i, 0)) id.AppendNull(); else id.Append(i * 1_000_003L - 7);
            if (Null(i, 1)) price.AppendNull(); else price.Append(i * 0.25 - 3.5);
            if (Null(i, 2)) name.AppendNull(); else name.Append($"name-{i}-é");
            if (Null(i, 3)) active.AppendNull(); else active.Append(i % 3 == 0);
            if (Null(i, 4)) day.AppendNull(); else day.Append(new DateOnly(2020, 1, 1).AddDays(i));
            if (Null(i, 5)) at.AppendNull(); else at.Append(new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero).AddSeconds(i * 37.5));
            if (Null(i, 6)) cityIndex.AppendNull(); else cityIndex.Append(i % cities.Length);
        }
        var dictionary = new StringArray.Builder().AppendRange(cities).Build();
        var city = new DictionaryArray((DictionaryType)Schema.FieldsList[6].DataType, cityIndex.Build(), dictionary);
        return new RecordBatch(Schema, [id.Build(), price.Build(), name.Build(), active.Build(), day.Build(), at.Build(), city], rows);
    }

    private static bool Null(int row, int column) => (row + column) % 7 == 0;

    /// <summary>Every cell as display text (dictionary cells decoded), for comparisons across formats.</summary>
    public static List<string?[]> Cells(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string?[]>();
        foreach (var batch in batches)
            for (int r = 0; r < batch.Length; r++)
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => Display(batch.Column(c), r)).ToArray());
        return rows;
    }

    private static string? Display(IArrowArray array, int row)
    {
        if (array is DictionaryArray dictionary)
        {
            if (dictionary.IsNull(row)) return null;
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
            return Pipeline.TestSupport.BatchReading.Display(dictionary.Dictionary, (int)index);
        }
        return Pipeline.TestSupport.BatchReading.Display(array, row);
    }
}
