using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Json;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Json;

public class JsonLinesSourceTests
{
    private static (Schema Schema, List<RecordBatch> Batches, PipelineContext Context) Read(string path, PipelineOptions? options = null, SourceOptions? source = null)
    {
        var ctx = new PipelineContext(options ?? new PipelineOptions());
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path, source), ctx);
        return (schema, batches, ctx);
    }

    private static List<string?> Column(List<RecordBatch> batches, string name)
        => batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => BatchReading.Display(b.Column(name), i))).ToList();

    [Fact]
    public void InfersTypesAndKeepsKeyOrder()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("a.jsonl", "{\"id\": 1, \"price\": 2, \"name\": \"x\", \"ok\": true}\n{\"id\": 2, \"price\": 2.5, \"name\": null, \"ok\": false}\n");
        var (schema, batches, _) = Read(path);
        Assert.Equal(["id", "price", "name", "ok"], schema.FieldsList.Select(f => f.Name));
        Assert.IsType<Int64Type>(schema.GetFieldByName("id").DataType);
        Assert.IsType<DoubleType>(schema.GetFieldByName("price").DataType);
        Assert.IsType<StringType>(schema.GetFieldByName("name").DataType);
        Assert.IsType<BooleanType>(schema.GetFieldByName("ok").DataType);
        Assert.Equal(["2", "2.5"], Column(batches, "price"));
        Assert.Equal(["x", null], Column(batches, "name"));
    }

    [Fact]
    public void FlattensNestedObjectsWithDottedNamesAndKeepsArraysAsJson()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("n.jsonl", "{\"a\": {\"b\": 1, \"c\": {\"d\": \"x\"}}, \"tags\": [1, 2]}\n{\"a\": {\"b\": 2}}\n");
        var (schema, batches, _) = Read(path);
        Assert.Equal(["a.b", "a.c.d", "tags"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["x", null], Column(batches, "a.c.d"));
        Assert.Equal(["[1, 2]", null], Column(batches, "tags"));
    }

    [Fact]
    public void KeepsNestedObjectsAsJsonTextWhenAsked()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("n.jsonl", "{\"a\": {\"b\": 1}}\n");
        var (schema, batches, _) = Read(path, source: new SourceOptions { Json = new JsonReadOptions { Nested = NestedJsonMode.AsJsonString } });
        Assert.Equal(["a"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["{\"b\": 1}"], Column(batches, "a"));
    }

    [Fact]
    public void QuarantinesLinesThatAreNotObjectsWithTheirLineNumbers()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("q.jsonl", "{\"id\": 1}\n\n{\"id\": 2\n[1,2]\n{\"id\": 3}\n");
        var (_, batches, ctx) = Read(path);
        Assert.Equal(["1", "3"], Column(batches, "id"));
        Assert.Equal(2, ctx.Quarantine.Count);
        using var rows = ctx.Quarantine.OpenReader();
        var q = rows.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult()!;
        Assert.Equal([3L, 4L], Enumerable.Range(0, q.Length).Select(i => ((Int64Array)q.Column(2)).GetValue(i)!.Value));
        Assert.Contains("expected a JSON object", ((StringArray)q.Column(3)).GetString(1));
    }

    [Fact]
    public void ALateWiderValueAsksForARestartWithEveryCorrectionAtOnce()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(0, 50).Select(i => $"{{\"id\": {i}}}").ToList();
        lines.Add("{\"id\": 1.5, \"extra\": \"late\"}");
        lines.Add("{\"id\": \"text\"}");
        var path = dir.WriteText("w.jsonl", string.Join("\n", lines));
        var options = new PipelineOptions { InferenceSampleRows = 10 };

        var restart = Assert.Throws<JsonSchemaWideningException>(() => Read(path, options));
        Assert.Equal([new("id", "string"), new KeyValuePair<string, string>("extra", "string")], restart.Columns);

        var corrected = restart.Apply(new SourceOptions());
        var (schema, batches, ctx) = Read(path, options, corrected);
        Assert.IsType<StringType>(schema.GetFieldByName("id").DataType);
        Assert.Equal(52, batches.Sum(b => b.Length));
        Assert.Equal(0, ctx.Quarantine.Count);
    }

    [Fact]
    public void UnderTheQuarantinePolicyAMisfitRowIsQuarantinedWithTheColumnNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("q.jsonl", "{\"n\": 1}\n{\"n\": 2}\n{\"n\": \"three\"}\n");
        var (_, batches, ctx) = Read(path, new PipelineOptions { InferenceSampleRows = 2, TypeMismatch = TypeMismatchPolicy.Quarantine });
        Assert.Equal(2, batches.Sum(b => b.Length));
        Assert.Equal(1, ctx.Quarantine.Count);
        Assert.Equal(3, batches.Sum(b => b.Length) + ctx.Quarantine.Count);
    }

    [Fact]
    public void AJsonArrayDocumentIsRejectedWithAClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("doc.jsonl", "[{\"a\": 1},\n{\"a\": 2}]\n");
        var error = Assert.Throws<PipelineException>(() => Read(path));
        Assert.Contains("doc.jsonl", error.Message);
        Assert.Contains("--input-format json", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void BatchSizeDoesNotChangeTheValues(int batchSize)
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("b.jsonl", string.Join("\r\n", Enumerable.Range(0, 10).Select(i => $"{{\"i\": {i}, \"s\": \"v{i}\"}}")));
        var (_, batches, _) = Read(path, new PipelineOptions { BatchSize = batchSize });
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "v" + i), Column(batches, "s"));
        Assert.All(batches, b => Assert.True(b.Length <= batchSize));
    }
}
