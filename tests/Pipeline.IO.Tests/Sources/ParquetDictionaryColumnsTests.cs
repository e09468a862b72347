using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.IO.Formats;
using Pipeline.IO.Tests.Conformance;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Sources;

/// <summary><see cref="SourceOptions.DictionaryColumns"/> on Parquet: a string column stored with a small dictionary
/// comes as an Arrow dictionary with the same values; a column of (nearly) unique strings stays plain.</summary>
public sealed class ParquetDictionaryColumnsTests
{
    private static readonly Schema Plain = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, false))
        .Field(new Field("city", StringType.Default, true))
        .Field(new Field("name", StringType.Default, true))
        .Build();

    private static RecordBatch Batch(int rows)
    {
        string[] cities = ["Oslo", "Lima", "Kyoto"];
        var id = new Int64Array.Builder();
        var city = new StringArray.Builder();
        var name = new StringArray.Builder();
        for (int i = 0; i < rows; i++)
        {
            id.Append(i);
            if (i % 11 == 0) city.AppendNull();
            else city.Append(cities[i % cities.Length]);
            name.Append($"name-{i}-{i * 7919 % 10007}");
        }
        return new RecordBatch(Plain, [id.Build(), city.Build(), name.Build()], rows);
    }

    [Fact]
    public async Task A_small_dictionary_comes_as_an_arrow_dictionary_with_the_same_values_and_unique_strings_stay_plain()
    {
        using var dir = new TempDirectory();
        using var batch = Batch(20_000);
        await SinkRunner.WriteAsync("parquet", dir.File("d.parquet"), Plain, [batch]);

        var (plainSchema, plain) = SinkRunner.Read("parquet", dir.File("d.parquet"));
        var (schema, encoded) = SinkRunner.Read("parquet", dir.File("d.parquet"), new SourceOptions { DictionaryColumns = ["city", "name", "id", "missing"] });

        Assert.IsType<StringType>(plainSchema.GetFieldByName("city").DataType);
        var city = Assert.IsType<DictionaryType>(schema.GetFieldByName("city").DataType);
        Assert.IsType<StringType>(city.ValueType);
        Assert.IsType<StringType>(schema.GetFieldByName("name").DataType);
        Assert.IsType<Int64Type>(schema.GetFieldByName("id").DataType);
        Assert.IsType<DictionaryArray>(encoded[0].Column(1));
        Assert.Equal(Cells(plain), Cells(encoded));
        foreach (var b in plain.Concat(encoded)) b.Dispose();
    }

    private static List<string?> Cells(List<RecordBatch> batches)
        => [.. batches.SelectMany(b => Enumerable.Range(0, b.Length).SelectMany(r => Enumerable.Range(0, b.ColumnCount).Select(c => BatchReading.Display(b.Column(c), r))))];
}
