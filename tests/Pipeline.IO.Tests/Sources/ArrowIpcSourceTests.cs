using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.ArrowIpc;
using Pipeline.IO.Tests.Conformance;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Sources;

/// <summary>Zero-copy mapped reading, the stream fallback, standard input, projection and format detection of the
/// Arrow IPC source.</summary>
public sealed class ArrowIpcSourceTests
{
    private static readonly string[] Cities = ["Oslo", "Lima", "Pune"];

    [Fact]
    public async Task Batches_stay_readable_after_the_stream_is_disposed_and_memory_collected()
    {
        using var dir = new TempDirectory();
        using var written = SampleBatches.Create(0, 300, Cities);
        await SinkRunner.WriteAsync("arrow", dir.File("m.arrow"), SampleBatches.Schema, [written]);

        var (_, batches) = SinkRunner.Read("arrow", dir.File("m.arrow"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(SampleBatches.Cells([written]), SampleBatches.Cells(batches));
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unmapped_fallback_reads_the_same_values_as_the_mapping(bool fileFormat)
    {
        using var dir = new TempDirectory();
        using var a = SampleBatches.Create(0, 100, Cities);
        using var b = SampleBatches.Create(100, 50, Cities);
        var path = dir.File(fileFormat ? "f.arrow" : "f.arrows");
        await SinkRunner.WriteAsync(fileFormat ? "arrow" : "arrows", path, SampleBatches.Schema, [a, b]);

        using var context = new PipelineContext();
        // A mapping limit of 0 bytes forces the path used for files over 2 GiB.
        using var reader = IpcInputReader.OpenFile(path, fileFormat, context, maxMappedBytes: 0);
        var batches = new List<RecordBatch>();
        while (reader.ReadNext(CancellationToken.None) is { } batch) batches.Add(batch);

        Assert.Equal(SampleBatches.Cells([a, b]), SampleBatches.Cells(batches));
        Assert.Equal(new FileInfo(path).Length, context.InputBytesRead);
        foreach (var x in batches) x.Dispose();
    }

    [Fact]
    public async Task Standard_input_is_read_as_an_ipc_stream()
    {
        using var dir = new TempDirectory();
        using var written = SampleBatches.Create(0, 77, Cities);
        await SinkRunner.WriteAsync("arrows", dir.File("s.arrows"), SampleBatches.Schema, [written]);
        var bytes = await File.ReadAllBytesAsync(dir.File("s.arrows"));

        var source = new ArrowIpcSource(["-"], fileFormat: false, columns: null, () => new MemoryStream(bytes));
        var (_, batches) = BatchReading.ReadAll(source);

        Assert.Equal(SampleBatches.Cells([written]), SampleBatches.Cells(batches));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task Truncated_standard_input_gives_a_pipeline_exception()
    {
        using var dir = new TempDirectory();
        using var written = SampleBatches.Create(0, 500, Cities);
        await SinkRunner.WriteAsync("arrows", dir.File("s.arrows"), SampleBatches.Schema, [written]);
        var bytes = await File.ReadAllBytesAsync(dir.File("s.arrows"));
        var cut = bytes[..(bytes.Length / 2)];

        var source = new ArrowIpcSource(["-"], fileFormat: false, columns: null, () => new MemoryStream(cut));
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(source));
        Assert.Contains("standard input", ex.Message);
    }

    [Fact]
    public void Standard_input_declaring_a_two_gigabyte_header_fails_without_allocating_it()
    {
        byte[] lie = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x7F, 1, 2, 3, 4];
        long before = GC.GetAllocatedBytesForCurrentThread();

        var source = new ArrowIpcSource(["-"], fileFormat: false, columns: null, () => new MemoryStream(lie));
        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(source));

        Assert.Contains("standard input", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "allocated far more than the input");
    }

    [Fact]
    public async Task Projection_keeps_the_requested_columns_in_order_and_names_unknown_ones()
    {
        using var dir = new TempDirectory();
        using var written = SampleBatches.Create(0, 10, Cities);
        await SinkRunner.WriteAsync("arrow", dir.File("p.arrow"), SampleBatches.Schema, [written]);

        var (schema, batches) = SinkRunner.Read("arrow", dir.File("p.arrow"), new SourceOptions { Columns = ["city", "id"] });
        Assert.Equal(["city", "id"], schema.FieldsList.Select(f => f.Name));
        Assert.Equal("Pune", BatchReading.Display(batches[0].Column(0), 2));
        foreach (var b in batches) b.Dispose();

        var ex = Assert.Throws<PipelineException>(() => SinkRunner.Read("arrow", dir.File("p.arrow"), new SourceOptions { Columns = ["zzz"] }));
        Assert.Contains("'zzz'", ex.Message);
        Assert.Contains("price", ex.Message);
    }

    [Fact]
    public async Task Files_with_different_schemas_are_refused_naming_both()
    {
        using var dir = new TempDirectory();
        using var a = SampleBatches.Create(0, 3, Cities);
        await SinkRunner.WriteAsync("arrows", dir.File("a.arrows"), SampleBatches.Schema, [a]);
        var other = new Schema(SampleBatches.Schema.FieldsList.Take(1), null);
        using var b = new RecordBatch(other, [a.Column(0)], a.Length);
        await SinkRunner.WriteAsync("arrows", dir.File("b.arrows"), other, [b]);

        var ex = Assert.Throws<PipelineException>(() => BatchReading.ReadAll(FileFormats.OpenSource(dir.Path)));
        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains("a.arrows", ex.Message);
        Assert.Contains("b.arrows", ex.Message);
    }

    [Fact]
    public async Task Formats_are_detected_from_magic_bytes_when_the_name_has_no_extension()
    {
        using var dir = new TempDirectory();
        using var batch = SampleBatches.Create(0, 4, Cities);
        await SinkRunner.WriteAsync("parquet", dir.File("p.parquet"), SampleBatches.Schema, [batch]);
        await SinkRunner.WriteAsync("arrow", dir.File("f.arrow"), SampleBatches.Schema, [batch]);
        await SinkRunner.WriteAsync("arrows", dir.File("s.arrows"), SampleBatches.Schema, [batch]);
        File.Move(dir.File("p.parquet"), dir.File("p"));
        File.Move(dir.File("f.arrow"), dir.File("f"));
        File.Move(dir.File("s.arrows"), dir.File("s"));

        Assert.Equal("parquet", FileFormats.Detect(dir.File("p"), forWriting: false).Name);
        Assert.Equal("arrow", FileFormats.Detect(dir.File("f"), forWriting: false).Name);
        Assert.Equal("arrows", FileFormats.Detect(dir.File("s"), forWriting: false).Name);
    }

    [Fact]
    public async Task Compressed_body_declaring_a_huge_buffer_is_refused_before_decompression()
    {
        using var dir = new TempDirectory();
        var path = dir.File("z.arrows");
        var bytes = CompressedStreamWithOneInt32Column(rows: 1000);
        // The data buffer's 8-byte prefix holds its uncompressed size (4000 bytes padded to 64: 4032); claim 1 TiB instead.
        int at = LastIndexOf(bytes, BitConverter.GetBytes(4032L));
        Assert.True(at > 0);
        BitConverter.GetBytes(1L << 40).CopyTo(bytes, at);
        await File.WriteAllBytesAsync(path, bytes);

        var ex = Assert.Throws<PipelineException>(() => SinkRunner.Read("arrows", path));
        Assert.Contains("memory limit", ex.Message);
    }

    [Fact]
    public async Task Lz4_compressed_stream_reads_its_values()
    {
        using var dir = new TempDirectory();
        var path = dir.File("z.arrows");
        await File.WriteAllBytesAsync(path, CompressedStreamWithOneInt32Column(rows: 1000));
        var (_, batches) = SinkRunner.Read("arrows", path);
        Assert.Equal(1000, batches.Sum(b => b.Length));
        Assert.Equal(999 % 4, ((Int32Array)batches[0].Column(0)).GetValue(999));
        foreach (var b in batches) b.Dispose();
    }

    private static byte[] CompressedStreamWithOneInt32Column(int rows)
    {
        var schema = new Schema.Builder().Field(f => f.Name("v").DataType(Apache.Arrow.Types.Int32Type.Default).Nullable(false)).Build();
        var values = new Int32Array.Builder();
        for (int i = 0; i < rows; i++) values.Append(i % 4); // repetitive, so LZ4 really compresses it
        using var batch = new RecordBatch(schema, [values.Build()], rows);
        var options = new Apache.Arrow.Ipc.IpcOptions
        {
            CompressionCodec = Apache.Arrow.Ipc.CompressionCodecType.Lz4Frame,
            CompressionCodecFactory = new Apache.Arrow.Compression.CompressionCodecFactory(),
        };
        using var ms = new MemoryStream();
        using (var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(ms, schema, leaveOpen: true, options))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return ms.ToArray();
    }

    private static int LastIndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = haystack.Length - needle.Length; i >= 0; i--)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
