using System.IO.Compression;
using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>The Arrow integration gold files: each <c>.arrow_file</c> and <c>.stream</c> reads with the batch and row
/// counts of its sibling <c>.json.gz</c>; unsupported variants fail with a clear PipelineException.</summary>
public sealed class ArrowIpcGoldTests
{
    private const string Root = "arrow-testing/data/arrow-ipc-stream/integration";

    /// <summary>Gold folders we reject on purpose, with the reason the error must give.</summary>
    private static readonly IReadOnlyDictionary<string, string> RejectedFolders = new Dictionary<string, string>
    {
        // Apache.Arrow (C#) reads big-endian buffers as if they were little-endian and returns wrong numbers without
        // an error, so the reader refuses the schema's Endianness.Big up front.
        ["1.0.0-bigendian"] = "big-endian",
    };

    public static IEnumerable<object[]> GoldFiles() => CorpusFiles.Rows(
        CorpusFiles.Under(Root, f => f.EndsWith(".stream", StringComparison.Ordinal) || f.EndsWith(".arrow_file", StringComparison.Ordinal))
            .Where(f => !RejectedFolders.ContainsKey(Folder(f))));

    public static IEnumerable<object[]> RejectedFiles() => CorpusFiles.Rows(
        CorpusFiles.Under(Root, f => f.EndsWith(".stream", StringComparison.Ordinal) || f.EndsWith(".arrow_file", StringComparison.Ordinal))
            .Where(f => RejectedFolders.ContainsKey(Folder(f))));

    [Theory]
    [MemberData(nameof(GoldFiles))]
    public async Task Gold_file_reads_with_the_batch_and_row_counts_of_its_json(string file)
    {
        var (batches, rows) = ExpectedCounts(file);
        var outcome = await ReadOutcome.ReadAsync(file, FormatOf(file));
        Assert.Null(outcome.Error);
        Assert.Equal(batches, outcome.Batches);
        Assert.Equal(rows, outcome.Rows);
        Assert.Equal(outcome.InputBytesTotal, outcome.InputBytesRead);
    }

    [Theory]
    [MemberData(nameof(GoldFiles))]
    public async Task Gold_file_read_without_a_mapping_gives_the_same_counts(string file)
    {
        var (batches, rows) = ExpectedCounts(file);
        var outcome = await ReadOutcome.ReadAsync(file, (path, context) => ArrowIpcFuzzTests.ReadUnmapped(path, FormatOf(file) == "arrow", context));
        Assert.Null(outcome.Error);
        Assert.Equal(batches, outcome.Batches);
        Assert.Equal(rows, outcome.Rows);
    }

    [Theory]
    [MemberData(nameof(RejectedFiles))]
    public async Task Unsupported_gold_file_is_rejected_with_the_reason(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, FormatOf(file));
        Assert.NotNull(outcome.Error);
        Assert.Contains(RejectedFolders[Folder(file)], outcome.Error.Message);
        Assert.Contains(Path.GetFileName(file), outcome.Error.Message);
    }

    [Theory]
    [InlineData("arrows")]
    [InlineData("arrow")]
    public async Task Future_metadata_version_is_rejected_even_though_arrow_js_accepts_it(string format)
    {
        var outcome = await ReadOutcome.ReadAsync("arrow-testing/data/forward-compatibility/schema_v6.arrow", format);
        Assert.NotNull(outcome.Error);
        Assert.Contains("V6", outcome.Error.Message);
    }

    private static string Folder(string file) => Path.GetFileName(Path.GetDirectoryName(file)!);

    private static string FormatOf(string file) => file.EndsWith(".stream", StringComparison.Ordinal) ? "arrows" : "arrow";

    private static (int Batches, long Rows) ExpectedCounts(string file)
    {
        var json = Corpus.Path(file[..file.LastIndexOf('.')] + ".json.gz");
        using var gz = new GZipStream(File.OpenRead(json), CompressionMode.Decompress);
        using var doc = JsonDocument.Parse(gz);
        var batches = doc.RootElement.GetProperty("batches");
        return (batches.GetArrayLength(), batches.EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
    }
}
