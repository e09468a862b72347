using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.IO.Tests.Conformance;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Sources;

/// <summary>Projection, multi-file streams, progress, batch size and the memory guard of the Parquet source.</summary>
public sealed class ParquetSourceTests
{
    private static readonly string[] Cities = ["Oslo", "Lima"];

    [Fact]
    public async Task Projection_returns_only_the_requested_columns_in_the_requested_order()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 20, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("p.parquet"), SampleBatches.Schema, [batch]);

        var (schema, batches) = SinkRunner.Read("parquet", dir.File("p.parquet"), new SourceOptions { Columns = ["name", "id"] });

        Assert.Equal(["name", "id"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal(["name", "id"], batches[0].Schema.FieldsList.Select(f => f.Name));
        Assert.Equal("name-1-é", BatchReading.Display(batches[0].Column(0), 1));
        Assert.Equal("999996", BatchReading.Display(batches[0].Column(1), 1));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task Unknown_column_is_refused_with_the_available_columns()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 5, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("p.parquet"), SampleBatches.Schema, [batch]);

        var ex = Assert.Throws<PipelineException>(() => SinkRunner.Read("parquet", dir.File("p.parquet"), new SourceOptions { Columns = ["nope"] }));
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains("price", ex.Message);
        Assert.Contains("p.parquet", ex.Message);
    }

    [Fact]
    public async Task Several_files_read_as_one_stream_in_order()
    {
        using var dir = new TempDirectory();
        using var a = SampleBatches.Create(0, 30, Cities);
        using var b = SampleBatches.Create(30, 12, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("a.parquet"), SampleBatches.Schema, [a]);
        await SinkRunner.WriteAsync("parquet", dir.File("b.parquet"), SampleBatches.Schema, [b]);

        var source = FileFormats.OpenSource(Path.Combine(dir.Path, "*.parquet"));
        var (_, batches) = BatchReading.ReadAll(source);

        Assert.Equal(SampleBatches.Cells([a, b]), SampleBatches.Cells(batches));
        foreach (var x in batches) x.Dispose();
    }

    [Fact]
    public async Task Files_with_different_schemas_are_refused_naming_both()
    {
        using var dir = new TempDirectory();
        using var a = SampleBatches.Create(0, 3, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("a.parquet"), SampleBatches.Schema, [a]);
        var narrower = new Apache.Arrow.Schema(SampleBatches.Schema.FieldsList.Take(2), null);
        using var b = new Apache.Arrow.RecordBatch(narrower, [a.Column(0), a.Column(1)], a.Length);
        await SinkRunner.WriteAsync("parquet", dir.File("b.parquet"), narrower, [b]);

        var source = FileFormats.OpenSource(Path.Combine(dir.Path, "*.parquet"));
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(source));
        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains("a.parquet", ex.Message);
        Assert.Contains("b.parquet", ex.Message);
    }

    [Fact]
    public async Task Batches_follow_the_batch_size_and_progress_reaches_the_file_size()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 1000, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("p.parquet"), SampleBatches.Schema, [batch], new SinkOptions { ParquetRowGroupSize = 400 });

        using var context = new PipelineContext(new PipelineOptions { BatchSize = 128 });
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(dir.File("p.parquet")), context);

        Assert.All(batches, b => Assert.True(b.Length <= 128));
        Assert.Equal(1000, batches.Sum(b => b.Length));
        Assert.Equal(new FileInfo(dir.File("p.parquet")).Length, context.InputBytesTotal);
        Assert.Equal(context.InputBytesTotal, context.InputBytesRead);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task Row_group_larger_than_the_memory_limit_is_refused_before_it_is_read()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 60_000, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("big.parquet"), SampleBatches.Schema, [batch]);

        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 1 << 20 });
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(FileFormats.OpenSource(dir.File("big.parquet")), context));

        Assert.Equal(PipelineErrorKind.ResourcesExhausted, ex.Kind);
        Assert.Contains("big.parquet", ex.Message);
        Assert.Contains("row group 0", ex.Message);
        Assert.Contains("memory limit", ex.Message);
    }

    [Fact]
    public void Missing_file_and_non_parquet_bytes_give_pipeline_exceptions()
    {
        using var dir = new TempDirectory();
        var text = dir.WriteText("t.parquet", "this is not parquet at all");
        Assert.Throws<PipelineException>(() => SinkRunner.Read("parquet", dir.File("missing.parquet")));
        var ex = Assert.Throws<PipelineException>(() => SinkRunner.Read("parquet", text));
        Assert.Contains("t.parquet", ex.Message);
    }
}
