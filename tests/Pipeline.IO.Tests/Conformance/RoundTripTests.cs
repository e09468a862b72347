using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Values and nulls survive Parquet → IPC file → IPC stream → Parquet; aborted writers leave nothing behind.</summary>
public sealed class RoundTripTests
{
    private static readonly string[] Cities = ["Oslo", "Lima", "Pune", "Kyiv"];

    [Fact]
    public async Task Parquet_to_ipc_file_to_ipc_stream_to_parquet_keeps_every_value_and_null()
    {
        using var dir = new TempDirectory();
        using var first = SampleBatches.Create(0, 500, Cities);
        using var second = SampleBatches.Create(500, 321, Cities);
        var expected = SampleBatches.Cells([first, second]);

        await SinkRunner.WriteAsync("parquet", dir.File("a.parquet"), SampleBatches.Schema, [first, second]);
        await SinkRunner.ConvertAsync("parquet", dir.File("a.parquet"), "arrow", dir.File("b.arrow"));
        await SinkRunner.ConvertAsync("arrow", dir.File("b.arrow"), "arrows", dir.File("c.arrows"));
        await SinkRunner.ConvertAsync("arrows", dir.File("c.arrows"), "parquet", dir.File("d.parquet"));

        foreach (var (format, file) in new[] { ("parquet", "a.parquet"), ("arrow", "b.arrow"), ("arrows", "c.arrows"), ("parquet", "d.parquet") })
        {
            var (schema, batches) = SinkRunner.Read(format, dir.File(file));
            Assert.Equal(SampleBatches.Schema.FieldsList.Select(f => f.Name), schema.FieldsList.Select(f => f.Name));
            Assert.Equal(expected, SampleBatches.Cells(batches));
            foreach (var b in batches) b.Dispose();
        }
    }

    [Theory]
    [InlineData("arrows")]
    [InlineData("arrow")]
    public async Task Ipc_writer_keeps_values_when_a_later_batch_brings_a_different_dictionary(string format)
    {
        // Apache.Arrow's ArrowStreamWriter writes one dictionary per stream; the sink must not inherit that bug.
        using var dir = new TempDirectory();
        using var first = SampleBatches.Create(0, 50, ["a", "b"]);
        using var second = SampleBatches.Create(50, 50, ["x", "y", "z"]);
        var expected = SampleBatches.Cells([first, second]);

        await SinkRunner.WriteAsync(format, dir.File("out." + format), SampleBatches.Schema, [first, second]);

        var (_, batches) = SinkRunner.Read(format, dir.File("out." + format));
        var actual = SampleBatches.Cells(batches);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, row => row[6] == "z");
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData("parquet", "out.parquet")]
    [InlineData("arrow", "out.arrow")]
    [InlineData("arrows", "out.arrows")]
    public async Task Aborted_writer_leaves_neither_the_file_nor_a_temporary_file(string format, string name)
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 100, Cities);
        using var context = new PipelineContext();
        var sink = FileFormats.ByName(format).CreateSink(dir.File(name), new SinkOptions())!;
        await using (var writer = await sink.OpenAsync(SampleBatches.Schema, context))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
            Assert.False(File.Exists(dir.File(name)), "the target must not appear before commit");
            Assert.NotEmpty(Directory.GetFiles(dir.Path));
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Parquet_writer_splits_row_groups_at_the_configured_size_with_the_chosen_codec()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 1000, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("g.parquet"), SampleBatches.Schema, [batch],
            new SinkOptions { ParquetRowGroupSize = 300, ParquetCompression = "zstd" });

        using var reader = new ParquetSharp.ParquetFileReader(dir.File("g.parquet"));
        Assert.Equal(4, reader.FileMetaData.NumRowGroups);
        using var group = reader.RowGroup(0);
        using var chunk = group.MetaData.GetColumnChunkMetaData(0);
        Assert.Equal(ParquetSharp.Compression.Zstd, chunk.Compression);
    }

    [Fact]
    public async Task Parquet_writer_uses_snappy_by_default()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 10, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("s.parquet"), SampleBatches.Schema, [batch]);
        using var reader = new ParquetSharp.ParquetFileReader(dir.File("s.parquet"));
        using var group = reader.RowGroup(0);
        using var chunk = group.MetaData.GetColumnChunkMetaData(0);
        Assert.Equal(ParquetSharp.Compression.Snappy, chunk.Compression);
    }

    [Fact]
    public void Unknown_parquet_codec_is_refused_by_name()
    {
        var ex = Assert.Throws<Pipeline.Core.Errors.PipelineException>(
            () => FileFormats.ByName("parquet").CreateSink("x.parquet", new SinkOptions { ParquetCompression = "lzma" }));
        Assert.Contains("lzma", ex.Message);
    }

    [Fact]
    public async Task Writer_with_no_batches_commits_a_readable_empty_file()
    {
        using var dir = new TempDirectory();
        foreach (var format in new[] { "parquet", "arrow", "arrows" })
        {
            var path = dir.File("empty." + format);
            await SinkRunner.WriteAsync(format, path, SampleBatches.Schema, System.Array.Empty<RecordBatch>());
            var (schema, batches) = SinkRunner.Read(format, path);
            Assert.Equal(SampleBatches.Schema.FieldsList.Count, schema.FieldsList.Count);
            Assert.Equal(0, batches.Sum(b => b.Length));
        }
    }

    [Fact]
    public async Task Ipc_writer_refuses_a_dictionary_nested_inside_a_struct_with_the_column_name()
    {
        using var dir = new TempDirectory();
        var dictionaryType = new Apache.Arrow.Types.DictionaryType(Apache.Arrow.Types.Int32Type.Default, Apache.Arrow.Types.StringType.Default, false);
        var structType = new Apache.Arrow.Types.StructType([new Field("inner", dictionaryType, true)]);
        var schema = new Schema([new Field("outer", structType, true)], null);
        using var context = new PipelineContext();
        var sink = FileFormats.ByName("arrows").CreateSink(dir.File("n.arrows"), new SinkOptions())!;

        var ex = await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(async () => await sink.OpenAsync(schema, context));

        Assert.Contains("'outer'", ex.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
