using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Json;
using Pipeline.IO.Tests.Decompression;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Json;

public class JsonDocumentTests
{
    private static readonly string[] SpectrumArrays =
        ["comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8"];

    [Theory]
    [MemberData(nameof(SpectrumCases))]
    public void Csv_spectrum_documents_hold_the_rows_of_their_csv(string name)
    {
        // KNOWN_FACTS: csvs/X.csv parsed with a header row, every value a string, gives json/X.json (an array of objects).
        var json = CompressedInputTests.Table(Corpus.Path("csv-spectrum", "json", name + ".json"));
        var csv = CompressedInputTests.Table(Corpus.Path("csv-spectrum", "csvs", name + ".csv"),
            new SourceOptions { Csv = new CsvReadOptions { InferTypes = false, HasHeader = true, NullValues = [] } });
        Assert.Equal("json", json.Format);
        Assert.Equal(csv.Columns, json.Columns);
        Assert.Equal(csv.Rows, json.Rows);
    }

    public static TheoryData<string> SpectrumCases() => new(SpectrumArrays);

    [Fact]
    public void Arrow_integration_json_under_gzip_reads_its_batches_at_a_records_path()
    {
        // The gold JSON of an Arrow integration file: {"schema": ..., "batches": [{"count": N, "columns": [...]}]}.
        var folder = Corpus.Path("arrow-testing", "data", "arrow-ipc-stream", "integration", "1.0.0-littleendian");
        var table = CompressedInputTests.Table(Path.Combine(folder, "generated_primitive.json.gz"), new SourceOptions { RecordsPath = "batches" });
        Assert.Equal("json", table.Format);
        Assert.Equal(["count", "columns"], table.Columns);
        // The batch counts add up to the rows of the sibling Arrow file, read by the IPC reader.
        var arrow = CompressedInputTests.Table(Path.Combine(folder, "generated_primitive.arrow_file"));
        Assert.Equal(arrow.Rows.Count, table.Rows.Sum(r => int.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(table.Rows.Count > 1);
    }

    [Fact]
    public void Without_a_path_an_objects_first_array_is_the_records_and_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("api.json", "{\n  \"meta\": {\"page\": 1, \"note\": [\"x\"]},\n  \"data\": [\n    {\"id\": 1, \"user\": {\"name\": \"a\"}},\n    {\"id\": 2, \"user\": {\"name\": \"b\"}}\n  ]\n}\n");
        var source = FileFormats.OpenSource(path);
        var (schema, batches) = BatchReading.ReadAll(source);
        Assert.Equal("json", source.Format);
        Assert.Equal(["id", "user.name"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal("data", schema.Metadata["pipeline.records_path"]);
        Assert.Equal(2, batches.Sum(b => b.Length));
    }

    [Fact]
    public void A_dotted_records_path_descends_through_objects()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("nested.json", "{\"response\": {\"items\": [{\"v\": 1.5}, {\"v\": 2}], \"other\": []}, \"tail\": 1}");
        var table = CompressedInputTests.Table(path, new SourceOptions { RecordsPath = "response.items" });
        Assert.Equal([["1.5"], ["2"]], table.Rows);
        var missing = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(path, new SourceOptions { RecordsPath = "response.nope" }));
        Assert.Contains("no key 'nope' under 'response'", missing.Message);
        var scalar = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(path, new SourceOptions { RecordsPath = "tail" }));
        Assert.Contains("'tail' is a number, not an array of records", scalar.Message);
    }

    [Fact]
    public void A_large_document_streams_across_buffer_refills_in_batches()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "big.json");
        const int rows = 120_000;
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            w.Write("{\"items\": [");
            for (int i = 0; i < rows; i++) w.Write($"{(i == 0 ? "" : ",")}\n  {{\"i\": {i}, \"s\": \"row {i} \\u00e9\", \"n\": {{\"x\": {i % 7}}}}}");
            w.Write("\n]}\n");
        }
        var ctx = new PipelineContext(new PipelineOptions { BatchSize = 10_000 });
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path), ctx);
        Assert.Equal(["i", "s", "n.x"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(rows, batches.Sum(b => b.Length));
        Assert.All(batches, b => Assert.True(b.Length <= 10_000));
        var last = batches[^1];
        Assert.Equal($"row {rows - 1} é", BatchReading.Display(last.Column(1), last.Length - 1));
    }

    [Fact]
    public void A_record_that_is_not_an_object_is_quarantined_with_its_line()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("mixed.json", "[\n{\"a\": 1},\n42,\n{\"a\": 3}\n]");
        var ctx = new PipelineContext(new PipelineOptions());
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path), ctx);
        Assert.Equal(2, batches.Sum(b => b.Length));
        Assert.Equal(1, ctx.Quarantine.Count);
        using var rows = ctx.Quarantine.OpenReader();
        var q = rows.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()!;
        Assert.Equal(3L, ((Apache.Arrow.Int64Array)q.Column(2)).GetValue(0));
        Assert.Contains("expected a JSON object", ((Apache.Arrow.StringArray)q.Column(3)).GetString(0));
    }

    [Fact]
    public void Invalid_json_inside_a_document_stops_with_the_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("broken.json", "[\n{\"a\": 1},\n{\"a\": 2,,},\n{\"a\": 3}\n]");
        var ex = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(path));
        Assert.Contains("broken.json", ex.Message);
        Assert.Contains("line 3", ex.Message);
        var cut = dir.WriteText("cut.json", "[{\"a\": 1}, {\"a\": 2");
        var truncated = Assert.Throws<PipelineException>(() => CompressedInputTests.Table(cut));
        Assert.Contains("cut.json", truncated.Message);
        Assert.Contains("line 1: invalid JSON", truncated.Message);
    }

    [Fact]
    public void A_key_first_seen_after_the_sample_restarts_with_the_widened_schema()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("late.json", "[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"{{\"a\": {i}}}")) + ",{\"a\": 1.5, \"late\": true}]");
        var options = new SourceOptions();
        var pipeline = new PipelineOptions { InferenceSampleRows = 10 };
        var restart = Assert.Throws<JsonSchemaWideningException>(() => BatchReading.ReadAll(FileFormats.OpenSource(path, options), new PipelineContext(pipeline)));
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path, restart.Apply(options)), new PipelineContext(pipeline));
        Assert.Equal(["a", "late"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(51, batches.Sum(b => b.Length));
    }

    [Fact]
    public void A_json_file_holding_json_lines_is_read_as_json_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("lines.json", "{\"a\": 1}\n{\"a\": 2}\n");
        Assert.Equal("jsonl", CompressedInputTests.Table(path).Format);
    }
}
