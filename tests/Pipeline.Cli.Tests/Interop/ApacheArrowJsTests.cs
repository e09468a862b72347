using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests.Interop;

/// <summary>
/// Cross-language check against apache-arrow for JavaScript, an Arrow implementation independent of Apache.Arrow C#:
/// it writes IPC streams Pipeline reads (int64, double, utf8, bool, timestamp, nulls, and dictionary-encoded strings
/// whose dictionary changes from batch to batch), and reads the streams Pipeline writes.
/// </summary>
public class ApacheArrowJsTests
{
    private static async Task<string> WriteJsStreamAsync(TempDirectory dir)
    {
        var r = await NodeScript.RunAsync("write.mjs", [dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return dir.File("types.arrows");
    }

    [Fact]
    public async Task PipelineReadsEveryValueApacheArrowJsWrites()
    {
        using var dir = new TempDirectory();
        var path = await WriteJsStreamAsync(dir);
        using var expected = JsonDocument.Parse(File.ReadAllText(dir.File("types.json")));

        using var context = new PipelineContext();
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path), context);
        Assert.Equal(3, batches.Count);
        Assert.IsType<DictionaryType>(schema.GetFieldByName("city").DataType);
        // Each batch carries its own dictionary (the JS writer sends replacement dictionary messages).
        var dictionaries = batches.Select(b => ((DictionaryArray)b.Column("city")).Dictionary).ToList();
        Assert.Equal(["Lisboa", "Zürich"], Strings(dictionaries[0]));
        Assert.Equal(["東京", "Nairobi"], Strings(dictionaries[1]));
        Assert.Equal(9, expected.RootElement.GetProperty("rows").GetInt32());
        ArrowJson.AssertSame(ArrowJson.Columns(batches, schema), expected.RootElement.GetProperty("columns"));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task ApacheArrowJsReadsBackWhatPipelineIpcWritesFromItsStream()
    {
        // JS stream -> pipeline ipc (stdin to stdout) -> JS reader, compared with the values JS wrote.
        using var dir = new TempDirectory();
        var input = File.ReadAllBytes(await WriteJsStreamAsync(dir));
        var spec = dir.WriteText("spec.json", "{}");
        var ipc = await CliProcess.RunAsync(["ipc", "--spec", spec], input);
        Assert.True(ipc.ExitCode == 0, ipc.Stderr);
        var check = await NodeScript.RunAsync("read.mjs", ["-", dir.File("types.json")], ipc.Stdout);
        Assert.True(check.ExitCode == 0, check.Stderr + check.StdoutText);
        Assert.Contains("ok: 9 rows, 6 columns match", check.StdoutText);
    }

    [Fact]
    public async Task PipelineReadsADeltaDictionaryAndJsReadsBackWhatIpcWrites()
    {
        // apache-arrow sends batch 2's dictionary as a delta (only the values it adds to batch 1's).
        using var dir = new TempDirectory();
        await WriteJsStreamAsync(dir);
        var path = dir.File("delta.arrows");
        using var expected = JsonDocument.Parse(File.ReadAllText(dir.File("delta.json")));
        using var context = new PipelineContext();
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(path), context);
        Assert.Equal(2, batches.Count);
        Assert.Equal(["alpha", "beta", "gamma", "δέλτα"], Strings(((DictionaryArray)batches[1].Column("key")).Dictionary));
        ArrowJson.AssertSame(ArrowJson.Columns(batches, schema), expected.RootElement.GetProperty("columns"));
        foreach (var b in batches) b.Dispose();

        var ipc = await CliProcess.RunAsync(["ipc", "--spec", dir.WriteText("spec.json", "{}")], File.ReadAllBytes(path));
        Assert.True(ipc.ExitCode == 0, ipc.Stderr);
        var check = await NodeScript.RunAsync("read.mjs", ["-", dir.File("delta.json")], ipc.Stdout);
        Assert.True(check.ExitCode == 0, check.Stderr + check.StdoutText);
    }

    [Fact]
    public async Task ApacheArrowJsReadsPipelinesStreamOfACsvWithMicrosecondTimestamps()
    {
        var convert = await CliProcess.RunAsync(["convert", Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"), "-"]);
        Assert.True(convert.ExitCode == 0, convert.Stderr);
        using var reader = new ArrowStreamReader(new MemoryStream(convert.Stdout));
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch) batches.Add(batch);
        Assert.Contains(reader.Schema.FieldsList, f => f.DataType is TimestampType { Unit: TimeUnit.Microsecond });

        var js = await NodeScript.RunAsync("read.mjs", ["-"], convert.Stdout);
        Assert.True(js.ExitCode == 0, js.Stderr);
        using var doc = JsonDocument.Parse(js.Stdout);
        Assert.Equal(batches.Sum(b => b.Length), doc.RootElement.GetProperty("rows").GetInt32());
        ArrowJson.AssertSame(ArrowJson.Columns(batches, reader.Schema), doc.RootElement.GetProperty("columns"));
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData("arrows")]
    [InlineData("arrow")]
    public async Task ApacheArrowJsReadsPipelinesIpcOutputOfBatchesWithDifferentDictionaries(string format)
    {
        // Apache.Arrow's writer sends one dictionary per stream; Pipeline's IPC sinks decode dictionaries so every
        // batch keeps its own values. JS reads the file back and must see each batch's values.
        using var dir = new TempDirectory();
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("color", type, true)], null);
        string[][] dictionaries = [["red", "blue"], ["green", "black", "white"], ["ünïcode", "😀"]];
        int?[][] indices = [[0, 1, null, 0], [2, 1, 0], [1, null, 0]];
        var expected = new List<object?>();
        var path = dir.File("out." + format);
        var sink = FileFormats.CreateSink(path, new SinkOptions { Format = format });
        using var context = new PipelineContext();
        await using (var writer = await sink.OpenAsync(schema, context))
        {
            long id = 0;
            for (int b = 0; b < dictionaries.Length; b++)
            {
                var indexBuilder = new Int32Array.Builder();
                var ids = new Int64Array.Builder();
                foreach (var i in indices[b])
                {
                    if (i is { } value) indexBuilder.Append(value); else indexBuilder.AppendNull();
                    ids.Append(id++);
                    expected.Add(i is { } v ? dictionaries[b][v] : null);
                }
                var colors = new DictionaryArray(type, indexBuilder.Build(), new StringArray.Builder().AppendRange(dictionaries[b]).Build());
                using var batch = new RecordBatch(schema, [ids.Build(), colors], indices[b].Length);
                await writer.WriteAsync(batch, CancellationToken.None);
            }
            await writer.CommitAsync(CancellationToken.None);
        }
        if (format == "arrow")
        {
            // read.mjs reads streams and files alike (tableFromIPC detects the format).
            Assert.Equal("ARROW1"u8.ToArray(), File.ReadAllBytes(path)[..6]);
        }
        var js = await NodeScript.RunAsync("read.mjs", [path]);
        Assert.True(js.ExitCode == 0, js.Stderr);
        using var doc = JsonDocument.Parse(js.Stdout);
        ArrowJson.AssertSame(new Dictionary<string, List<object?>> { ["color"] = expected }, doc.RootElement.GetProperty("columns"));
    }

    private static List<string?> Strings(IArrowArray array)
        => Enumerable.Range(0, array.Length).Select(i => (string?)((StringArray)array).GetString(i)).ToList();
}
