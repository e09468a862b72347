using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.IO.Sinks.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvSinkTests
{
    private static RecordBatch SampleBatch()
    {
        var schema = new Schema.Builder()
            .Field(f => f.Name("s").DataType(StringType.Default))
            .Field(f => f.Name("i").DataType(Int64Type.Default))
            .Field(f => f.Name("d").DataType(DoubleType.Default))
            .Field(f => f.Name("b").DataType(BooleanType.Default))
            .Field(f => f.Name("day").DataType(Date32Type.Default))
            .Field(f => f.Name("ts").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")))
            .Build();
        var s = new StringArray.Builder().Append("plain").Append("a,b").Append("say \"hi\"").Append("two\nlines").AppendNull().Append("").Build();
        var i = new Int64Array.Builder().Append(1).Append(-2).AppendNull().Append(long.MaxValue).Append(0).Append(5).Build();
        var d = new DoubleArray.Builder().Append(0.1).Append(7.332000000000001).Append(-0.0).AppendNull().Append(1e300).Append(2).Build();
        var b = new BooleanArray.Builder().Append(true).Append(false).AppendNull().Append(true).Append(false).Append(true).Build();
        var day = new Date32Array.Builder().Append(new DateTime(2024, 2, 29)).AppendNull().Append(new DateTime(1969, 12, 31))
            .Append(new DateTime(2000, 1, 1)).Append(new DateTime(2000, 1, 2)).Append(new DateTime(2000, 1, 3)).Build();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"))
            .Append(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(50)).AppendNull()
            .Append(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero)).AppendNull().AppendNull().AppendNull().Build();
        return new RecordBatch(schema, [s, i, d, b, day, ts], 6);
    }

    private static async Task<string> WriteAsync(string path, RecordBatch batch, SinkOptions? options = null)
    {
        using var context = new PipelineContext();
        await using var writer = await new CsvSink(path, options).OpenAsync(batch.Schema, context);
        await writer.WriteAsync(batch, CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
        return await File.ReadAllTextAsync(path);
    }

    [Fact]
    public async Task Values_are_written_with_quoting_only_where_needed_and_iso_formats()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatch();
        var text = await WriteAsync(dir.File("out.csv"), batch);
        var lines = text.Split('\n');
        Assert.Equal("s,i,d,b,day,ts", lines[0]);
        Assert.Equal("plain,1,0.1,true,2024-02-29,2024-03-01T08:00:00.000005Z", lines[1]);
        Assert.Equal("\"a,b\",-2,7.332000000000001,false,,", lines[2]);
        Assert.Equal("\"say \"\"hi\"\"\",,-0,,1969-12-31,2024-03-01T08:00:00Z", lines[3]);
        Assert.Equal("\"two", lines[4]);
        Assert.Equal("lines\",9223372036854775807,,true,2000-01-01,", lines[5]);
        Assert.Equal(",0,1E+300,false,2000-01-02,", lines[6]);
        Assert.Equal("\"\",5,2,true,2000-01-03,", lines[7]);
        Assert.Equal("", lines[8]);
    }

    [Fact]
    public async Task What_the_sink_writes_reads_back_to_the_same_values()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatch();
        var path = dir.File("rt.csv");
        await WriteAsync(path, batch);
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { NullValues = [] } });
        Assert.Equal(6, t.Rows.Count);
        for (int c = 0; c < batch.ColumnCount; c++)
            for (int r = 0; r < batch.Length; r++)
            {
                var expected = BatchReading.Display(batch.Column(c), r);
                var actual = t.Rows[r][c];
                if (batch.Column(c) is StringArray) Assert.Equal(expected ?? "", actual ?? "");
                else Assert.Equal(expected, actual);
            }
    }

    [Fact]
    public async Task Diamonds_round_trips_through_the_writer()
    {
        using var dir = new TempDirectory();
        var original = CsvTestReading.Read(Corpus.Path("seaborn-data", "diamonds.csv"));
        var source = new global::Pipeline.IO.Sources.Csv.CsvSource([Corpus.Path("seaborn-data", "diamonds.csv")]);
        var (schema, batches) = BatchReading.ReadAll(source);
        var path = dir.File("diamonds.csv");
        using (var context = new PipelineContext())
        {
            await using var writer = await new CsvSink(path).OpenAsync(schema, context);
            foreach (var b in batches) { await writer.WriteAsync(b, CancellationToken.None); b.Dispose(); }
            await writer.CommitAsync(CancellationToken.None);
        }
        var copy = CsvTestReading.Read(path);
        Assert.Equal(original.Rows, copy.Rows);
    }

    [Fact]
    public async Task Nothing_appears_at_the_target_until_commit_and_an_abort_leaves_nothing()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatch();
        var path = dir.File("atomic.csv");
        using var context = new PipelineContext();
        await using (var writer = await new CsvSink(path).OpenAsync(batch.Schema, context))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
            Assert.False(File.Exists(path));
        }
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task The_delimiter_and_header_options_are_honoured()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatch();
        var text = await WriteAsync(dir.File("o.tsv"), batch, new SinkOptions { CsvDelimiter = ';', CsvHeader = false });
        Assert.StartsWith("plain;1;0.1;true;", text);
        Assert.Contains("a,b;-2", text);
    }

    [Fact]
    public async Task A_column_type_csv_cannot_hold_is_a_schema_error()
    {
        using var dir = new TempDirectory();
        var schema = new Schema.Builder().Field(f => f.Name("l").DataType(new LargeListViewType(Int32Type.Default))).Build();
        using var context = new PipelineContext();
        var ex = await Assert.ThrowsAsync<PipelineException>(async () => await new CsvSink(dir.File("x.csv")).OpenAsync(schema, context));
        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains("column 'l'", ex.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Nested_values_are_written_as_json_and_binary_as_base64()
    {
        using var dir = new TempDirectory();
        var list = new ListArray.Builder(Int32Type.Default);
        var values = (Int32Array.Builder)list.ValueBuilder;
        list.Append(); values.Append(1); values.AppendNull(); values.Append(3);
        list.AppendNull();
        var binary = new BinaryArray.Builder().Append(new byte[] { 0, 1, 255 }).AppendNull().Build();
        var schema = new Schema.Builder()
            .Field(f => f.Name("l").DataType(new ListType(Int32Type.Default)))
            .Field(f => f.Name("b").DataType(BinaryType.Default))
            .Build();
        using var batch = new RecordBatch(schema, [list.Build(), binary], 2);
        using var context = new PipelineContext();
        await using (var writer = await new CsvSink(dir.File("x.csv")).OpenAsync(schema, context))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
        Assert.Equal("l,b\n\"[1,null,3]\",AAH/\n,\n", File.ReadAllText(dir.File("x.csv")));
    }

    [Fact]
    public void The_registry_maps_csv_extensions_to_the_csv_format()
    {
        Assert.Equal("csv", FileFormats.Detect("x.tsv", forWriting: true).Name);
        Assert.Equal("csv", FileFormats.Detect("x.csv.gz", forWriting: false).Name);
        Assert.IsType<CsvSink>(FileFormats.CreateSink("out.csv"));
    }
}

public class CsvSinkDecimalTests
{
    [Fact]
    public async Task Decimal_columns_are_written_exactly()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "amount\n0.10\n-19.999\n");
        var source = new global::Pipeline.IO.Sources.Csv.CsvSource([input], new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["amount"] = "decimal" } } });
        var (schema, batches) = BatchReading.ReadAll(source);
        var output = dir.File("out.csv");
        using (var context = new PipelineContext())
        {
            await using var writer = await new CsvSink(output).OpenAsync(schema, context);
            foreach (var b in batches) { await writer.WriteAsync(b, CancellationToken.None); b.Dispose(); }
            await writer.CommitAsync(CancellationToken.None);
        }
        Assert.Equal(["amount", "0.100", "-19.999"], File.ReadAllLines(output));
    }
}
