using Pipeline.Core.Errors;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Every Arrow integration gold file goes through the Parquet sink and back with its values, or is refused
/// with a Schema error (never written as a file that cannot be read back).</summary>
public sealed class ParquetSinkGoldTests
{
    private const string Root = "arrow-testing/data/arrow-ipc-stream/integration";

    /// <summary>Gold files Parquet cannot hold, by file stem, with the text the refusal must contain.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotStorable = new Dictionary<string, string>
    {
        // Parquet has no interval(months), interval(month_day_nano), union or run-end-encoded types.
        ["generated_interval"] = "cannot store this schema in Parquet",
        ["generated_interval_mdn"] = "cannot store this schema in Parquet",
        ["generated_union"] = "cannot store this schema in Parquet",
        ["generated_run_end_encoded"] = "cannot store this schema in Parquet",
        // Dictionaries whose values are lists of dictionaries: not decodable (see DictionaryDecoding).
        ["generated_nested_dictionary"] = "cannot be decoded",
        // Fixed-size lists with null entries: Arrow C++ writes them but cannot read them back.
        ["generated_nested"] = "fixed-size list with null entries",
    };

    public static IEnumerable<object[]> StorableFiles() => CorpusFiles.Rows(GoldStreams().Where(f => !NotStorable.ContainsKey(Stem(f))));

    public static IEnumerable<object[]> NotStorableFiles() => CorpusFiles.Rows(GoldStreams().Where(f => NotStorable.ContainsKey(Stem(f))));

    [Theory]
    [MemberData(nameof(StorableFiles))]
    public async Task Gold_file_keeps_its_values_through_parquet(string file)
    {
        using var dir = new TempDirectory();
        var (schema, original) = SinkRunner.Read("arrows", Corpus.Path(file));
        var expected = DeepCells.Of(original);
        try
        {
            await SinkRunner.WriteAsync("parquet", dir.File("g.parquet"), schema, original);
        }
        finally
        {
            foreach (var b in original) b.Dispose();
        }

        var (_, copy) = SinkRunner.Read("parquet", dir.File("g.parquet"));
        Assert.Equal(expected, DeepCells.Of(copy));
        foreach (var b in copy) b.Dispose();
    }

    [Theory]
    [MemberData(nameof(NotStorableFiles))]
    public async Task Gold_file_parquet_cannot_hold_is_refused_and_leaves_no_file(string file)
    {
        using var dir = new TempDirectory();
        var (schema, original) = SinkRunner.Read("arrows", Corpus.Path(file));
        var ex = await Assert.ThrowsAsync<PipelineException>(() => SinkRunner.WriteAsync("parquet", dir.File("g.parquet"), schema, original));
        foreach (var b in original) b.Dispose();

        Assert.Equal(PipelineErrorKind.Schema, ex.Kind);
        Assert.Contains(NotStorable[Stem(file)], ex.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    private static IEnumerable<string> GoldStreams()
        => CorpusFiles.Under(Root, f => f.EndsWith(".stream", StringComparison.Ordinal) && !f.Contains("bigendian", StringComparison.Ordinal));

    private static string Stem(string file) => Path.GetFileNameWithoutExtension(file);
}
