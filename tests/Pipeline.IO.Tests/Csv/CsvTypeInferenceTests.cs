using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Inference;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

public class CsvTypeInferenceTests
{
    private static string? Meta(CsvTestReading.Table t, string column, string key)
        => t.Schema.GetFieldByName(column).Metadata?.GetValueOrDefault(key);

    [Fact]
    public void Columns_get_the_narrowest_type_that_holds_every_sampled_value()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir,
            "i,d,b,s,mixed,zero_one\n1,1.5,true,x,1,0\n-2,2,FALSE,y,2.5,1\n+3,1e3,True,z,abc,1\n");
        Assert.Equal("int64", CsvTestReading.TypeOf(t, "i"));
        Assert.Equal("double", CsvTestReading.TypeOf(t, "d"));
        Assert.Equal("bool", CsvTestReading.TypeOf(t, "b"));
        Assert.Equal("utf8", CsvTestReading.TypeOf(t, "s"));
        Assert.Equal("utf8", CsvTestReading.TypeOf(t, "mixed"));
        Assert.Equal("int64", CsvTestReading.TypeOf(t, "zero_one"));
        Assert.Equal(["1", "-2", "3"], t.Values("i"));
        Assert.Equal(["1.5", "2", "1000"], t.Values("d"));
        Assert.Equal(["true", "false", "true"], t.Values("b"));
    }

    [Theory]
    [InlineData("2024-01-31", "yyyy-MM-dd", "2024-01-31")]
    [InlineData("2024/01/31", "yyyy/MM/dd", "2024-01-31")]
    [InlineData("01/31/2024", "MM/dd/yyyy", "2024-01-31")]
    [InlineData("31/01/2024", "dd/MM/yyyy", "2024-01-31")]
    [InlineData("31.01.2024", "dd.MM.yyyy", "2024-01-31")]
    public void Dates_are_parsed_and_their_layout_recorded(string text, string layout, string iso)
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, $"when,n\n{text},1\n");
        Assert.Equal("date32", CsvTestReading.TypeOf(t, "when"));
        Assert.Equal(layout, Meta(t, "when", ColumnTypeInference.FormatKey));
        Assert.Equal(iso, t.Values("when").Single());
    }

    [Fact]
    public void An_ambiguous_day_month_column_is_settled_by_a_day_above_twelve()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "when\n01/02/2024\n13/02/2024\n");
        Assert.Equal("dd/MM/yyyy", Meta(t, "when", ColumnTypeInference.FormatKey));
        Assert.Equal(["2024-02-01", "2024-02-13"], t.Values("when"));
    }

    [Fact]
    public void Timestamps_become_utc_microseconds_and_record_format_and_zone()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "ts,local\n2024-03-01T10:00:00.5+02:00,2024-03-01 10:00:00\n2024-03-02T00:00:00Z,2024-03-02 11:30:15\n");
        Assert.Equal("timestamp", CsvTestReading.TypeOf(t, "ts"));
        var tsType = (Apache.Arrow.Types.TimestampType)t.Schema.GetFieldByName("ts").DataType;
        Assert.Equal("UTC", tsType.Timezone);
        Assert.Null(((Apache.Arrow.Types.TimestampType)t.Schema.GetFieldByName("local").DataType).Timezone);
        Assert.Equal("2024-03-01T08:00:00.5000000+00:00", t.Values("ts").First());
        Assert.Equal("yyyy-MM-dd'T'HH:mm:ss.fK", Meta(t, "ts", ColumnTypeInference.FormatKey));
        Assert.Equal("yyyy-MM-dd HH:mm:ss", Meta(t, "local", ColumnTypeInference.FormatKey));
    }

    [Fact]
    public void Dates_mixed_with_timestamps_widen_to_timestamp()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "when\n2024-03-01\n2024-03-02 10:00:00\n");
        Assert.Equal("timestamp", CsvTestReading.TypeOf(t, "when"));
        Assert.Equal("2024-03-01T00:00:00.0000000+00:00", t.Values("when").First());
    }

    [Fact]
    public void Human_formatted_numbers_stay_strings_marked_as_decimal_strings()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "price,rate,plain\n\"$1,234.50\",12.5%,x\n$12.00,3%,y\n");
        Assert.Equal("utf8", CsvTestReading.TypeOf(t, "price"));
        Assert.Equal(ColumnTypeInference.DecimalStringSemantic, Meta(t, "price", ColumnTypeInference.SemanticKey));
        Assert.Equal(ColumnTypeInference.DecimalStringSemantic, Meta(t, "rate", ColumnTypeInference.SemanticKey));
        Assert.Null(Meta(t, "plain", ColumnTypeInference.SemanticKey));
        Assert.Equal("$1,234.50", t.Values("price").First());
    }

    [Fact]
    public void Column_type_overrides_win_over_inference()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "zip,n\n01234,1\n98765,2\n",
            new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["zip"] = "string", ["n"] = "double" } } });
        Assert.Equal("utf8", CsvTestReading.TypeOf(t, "zip"));
        Assert.Equal(["01234", "98765"], t.Values("zip"));
        Assert.Equal("double", CsvTestReading.TypeOf(t, "n"));
    }

    [Fact]
    public void An_override_for_a_missing_column_or_an_unknown_type_is_an_error()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("o.csv", "a\n1\n");
        Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => CsvTestReading.Read(path,
            new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["nope"] = "int64" } } }));
        Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => CsvTestReading.Read(path,
            new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["a"] = "money" } } }));
    }

    [Fact]
    public void Without_inference_every_column_is_a_string()
    {
        using var dir = new TempDirectory();
        var t = CsvTestReading.ReadText(dir, "a,b\n1,2024-01-01\n", new SourceOptions { Csv = new CsvReadOptions { InferTypes = false } });
        Assert.All(t.Schema.FieldsList, f => Assert.Equal("utf8", f.DataType.Name));
    }

    [Fact]
    public void Regions_past_the_first_rows_are_sampled_in_large_files()
    {
        using var dir = new TempDirectory();
        // Integer ids that turn into text codes after row 45,000, far beyond the 1,000-row sample at the start:
        // only the regions sampled further in can see them.
        var lines = Enumerable.Range(0, 60_000).Select(i => i >= 45_000 ? $"K{i},1" : $"{i},1");
        var path = dir.WriteText("big.csv", "a,b\n" + string.Join("\n", lines) + "\n");
        var info = CsvFormat.Sniff(path, null, new PipelineOptions { InferenceSampleRows = 1000 });
        Assert.Equal("utf8", info.Schema.GetFieldByName("a").DataType.Name);
    }
}

public class CsvDecimalColumnTests
{
    [Fact]
    public void A_declared_decimal_column_is_exact_at_the_largest_sampled_scale()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("m.csv", "amount,n\n0.10,1\n19.999,2\n-3,3\n");
        var t = CsvTestReading.Read(path, new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["amount"] = "decimal" } } });
        var type = Assert.IsType<Apache.Arrow.Types.Decimal128Type>(t.Schema.GetFieldByName("amount").DataType);
        Assert.Equal(3, type.Scale);
        var (_, batches) = BatchReading.ReadAll(new CsvSource([path], new SourceOptions { Csv = new CsvReadOptions { ColumnTypes = new Dictionary<string, string> { ["amount"] = "decimal" } } }));
        var column = (Apache.Arrow.Decimal128Array)batches.Single().Column(0);
        Assert.Equal([0.100m, 19.999m, -3.000m], Enumerable.Range(0, 3).Select(i => column.GetValue(i)!.Value));
    }
}
