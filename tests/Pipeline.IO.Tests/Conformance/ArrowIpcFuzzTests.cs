using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.IO.Sources.ArrowIpc;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>The arrow-testing IPC fuzz corpora: every file ends in a PipelineException within the time limit (never a
/// crash, hang, other exception type or unbounded allocation), except the listed ones that decode.</summary>
public sealed class ArrowIpcFuzzTests
{
    /// <summary>Fuzzer-saved inputs that are valid IPC data for Apache.Arrow 23 (their crash was in another
    /// implementation or is fixed); the value is the row count they decode to. (crash-5e88bae6..., a legacy-framed
    /// schema with no end-of-stream marker after it, is a truncated stream: refused unless truncation is allowed.)</summary>
    private static readonly IReadOnlyDictionary<string, long> Decodable = new Dictionary<string, long>
    {
        ["arrow-testing/data/arrow-ipc-file/clusterfuzz-testcase-minimized-arrow-ipc-file-fuzz-6088759971217408"] = 200,
        ["arrow-testing/data/arrow-ipc-file/clusterfuzz-testcase-minimized-arrow-ipc-file-fuzz-6295340960776192"] = 200,
    };

    public static IEnumerable<object[]> MalformedFiles() => CorpusFiles.Rows(AllFuzzFiles().Where(f => !Decodable.ContainsKey(f)));

    public static IEnumerable<object[]> DecodableFiles() => CorpusFiles.Rows(Decodable.Keys);

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Fuzz_file_gives_a_pipeline_exception_naming_it(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, FormatOf(file));
        Assert.NotNull(outcome.Error);
        Assert.Contains(Path.GetFileName(file), outcome.Error.Message);
        Assert.True(outcome.Error.IsUserError, outcome.Error.Message);
    }

    [Theory]
    [MemberData(nameof(DecodableFiles))]
    public async Task Fuzz_file_that_is_valid_data_decodes_to_its_rows(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, FormatOf(file));
        Assert.Null(outcome.Error);
        Assert.Equal(Decodable[file], outcome.Rows);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Fuzz_file_through_the_unmapped_path_gives_a_pipeline_exception(string file)
    {
        // Standard input for stream files, the over-2-GiB FileStream path for IPC files: the other validation route.
        var outcome = await ReadOutcome.ReadAsync(file, (path, context) => ReadUnmapped(path, FormatOf(file) == "arrow", context));
        Assert.NotNull(outcome.Error);
        Assert.True(outcome.Error.IsUserError, outcome.Error.Message);
    }

    /// <summary>Reads an IPC file without a memory mapping: stream files as standard input, IPC files through the
    /// FileStream fallback used for files over 2 GiB.</summary>
    internal static IEnumerable<RecordBatch> ReadUnmapped(string path, bool fileFormat, PipelineContext context)
    {
        if (!fileFormat)
            return ReadOutcome.FromSource(new ArrowIpcSource(["-"], fileFormat: false, columns: null, () => File.OpenRead(path)), context);
        return ReadAll(IpcInputReader.OpenFile(path, fileFormat: true, context, maxMappedBytes: 0));

        static IEnumerable<RecordBatch> ReadAll(IpcInputReader reader)
        {
            using (reader)
                while (reader.ReadNext(CancellationToken.None) is { } batch) yield return batch;
        }
    }

    private static IEnumerable<string> AllFuzzFiles()
        => CorpusFiles.Under("arrow-testing/data/arrow-ipc-stream", CorpusFiles.IsDataFile, recursive: false)
            .Concat(CorpusFiles.Under("arrow-testing/data/arrow-ipc-file", CorpusFiles.IsDataFile, recursive: false));

    private static string FormatOf(string file) => file.Contains("/arrow-ipc-file/", StringComparison.Ordinal) ? "arrow" : "arrows";
}
