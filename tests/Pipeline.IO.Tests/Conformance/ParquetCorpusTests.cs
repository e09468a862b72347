using Pipeline.Core.Errors;

namespace Pipeline.IO.Tests.Conformance;

/// <summary>Every Parquet file of parquet-testing and arrow-testing: readable ones give the third-party row counts,
/// malformed, encrypted and fuzzed ones give a PipelineException in bounded time.</summary>
public sealed class ParquetCorpusTests
{
    public static IEnumerable<object[]> ReadableFiles() => CorpusFiles.Rows(ParquetCorpusLists.Readable());
    public static IEnumerable<object[]> MalformedFiles() => CorpusFiles.Rows(ParquetCorpusLists.MustFail());
    public static IEnumerable<object[]> RejectedFiles() => CorpusFiles.Rows(ParquetCorpusLists.RejectedOnPurpose.Keys);
    public static IEnumerable<object[]> DecodableFuzzFiles() => CorpusFiles.Rows(ParquetCorpusLists.DecodableFuzzFiles.Keys);

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public async Task Readable_file_gives_the_row_count_third_party_readers_found(string file)
    {
        long? expected = ReaderCheck.ExpectedRows(file);
        Assert.True(expected.HasValue, $"{file} has no row count in reader_check.jsonl");
        var outcome = await ReadOutcome.ReadAsync(file, "parquet");
        Assert.Null(outcome.Error);
        Assert.Equal(expected.Value, outcome.Rows);
        Assert.Equal(outcome.InputBytesTotal, outcome.InputBytesRead);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Malformed_encrypted_or_fuzzed_file_gives_a_pipeline_exception_naming_it(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, "parquet");
        Assert.NotNull(outcome.Error);
        Assert.Contains(Path.GetFileName(file), outcome.Error.Message);
        Assert.True(outcome.Error.IsUserError, outcome.Error.Message);
    }

    [Theory]
    [MemberData(nameof(RejectedFiles))]
    public async Task File_using_an_unsupported_feature_is_rejected_with_the_reason(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, "parquet");
        Assert.NotNull(outcome.Error);
        Assert.Contains(ParquetCorpusLists.RejectedOnPurpose[file], outcome.Error.Message);
    }

    [Theory]
    [MemberData(nameof(DecodableFuzzFiles))]
    public async Task Fuzz_file_whose_crash_is_fixed_decodes_to_its_rows(string file)
    {
        var outcome = await ReadOutcome.ReadAsync(file, "parquet");
        Assert.Null(outcome.Error);
        Assert.Equal(ParquetCorpusLists.DecodableFuzzFiles[file], outcome.Rows);
    }

    [Fact]
    public async Task Corrupt_checksum_is_reported_as_a_checksum_failure()
    {
        var outcome = await ReadOutcome.ReadAsync("parquet-testing/data/datapage_v1-corrupt-checksum.parquet", "parquet");
        Assert.NotNull(outcome.Error);
        Assert.Contains("CRC", outcome.Error.Message);
    }

    [Fact]
    public async Task Encrypted_file_is_refused_as_encrypted()
    {
        var outcome = await ReadOutcome.ReadAsync("parquet-testing/data/uniform_encryption.parquet.encrypted", "parquet");
        Assert.NotNull(outcome.Error);
        Assert.Contains("encrypted", outcome.Error.Message);
    }

    [Fact]
    public async Task Columns_of_unequal_length_are_refused_instead_of_returning_fewer_rows()
    {
        var outcome = await ReadOutcome.ReadAsync("parquet-testing/bad_data/ARROW-GH-41317.parquet", "parquet");
        Assert.NotNull(outcome.Error);
        Assert.Contains("declares", outcome.Error.Message);
    }

    [Fact]
    public async Task String_map_that_inflates_past_2_GiB_is_refused_without_allocating_it()
    {
        long before = Environment.WorkingSet;
        var outcome = await ReadOutcome.ReadAsync("parquet-testing/data/large_string_map.brotli.parquet", "parquet");
        long grown = Environment.WorkingSet - before;
        Assert.NotNull(outcome.Error);
        Assert.Equal(PipelineErrorKind.ResourcesExhausted, outcome.Error.Kind);
        Assert.Contains("row group 0", outcome.Error.Message);
        Assert.True(grown < 1L << 30, $"working set grew by {grown:N0} bytes");
    }

    [Fact]
    public void Nation_file_with_truncated_page_metadata_decodes_the_25_nations()
    {
        // Accepted on purpose (see ParquetCorpusLists.MalformedButDecodable): the values must be the real TPC-H nations.
        var (_, batches) = SinkRunner.Read("parquet", Pipeline.TestSupport.Corpus.Path("parquet-testing/data/nation.dict-malformed.parquet"));
        var rows = DeepCells.Of(batches);
        foreach (var b in batches) b.Dispose();

        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.InRange(int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture), 0, 4));
        Assert.Equal("ALGERIA", System.Text.Encoding.ASCII.GetString(Convert.FromHexString(rows[0][1])));
    }
}
