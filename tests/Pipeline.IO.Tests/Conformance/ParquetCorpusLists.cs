namespace Pipeline.IO.Tests.Conformance;

/// <summary>
/// How each Parquet corpus file is expected to behave. Everything not listed here is a readable file whose row
/// count must match the third-party readers in reader_check.jsonl. These lists are what the README documents.
/// </summary>
internal static class ParquetCorpusLists
{
    /// <summary>Well-formed files we reject on purpose, with the reason (must end in a PipelineException).</summary>
    public static readonly IReadOnlyDictionary<string, string> RejectedOnPurpose = new Dictionary<string, string>
    {
        // Arrow C++ (inside ParquetSharp) refuses a MAP whose key field is OPTIONAL: "Map keys must be annotated as
        // required". The Parquet spec requires keys to be required; hyparquet reads its 1 row anyway.
        ["parquet-testing/data/incorrect_map_schema.parquet"] = "Map keys must be annotated as required",
        // Decompresses to 2,147,483,749 bytes in one column of 2 rows: more than one Arrow buffer can hold. Refused from
        // the footer's sizes (ResourcesExhausted) before anything is decompressed.
        ["parquet-testing/data/large_string_map.brotli.parquet"] = "an Arrow buffer can hold",
    };

    /// <summary>Files in bad_data/ that Arrow C++ decodes correctly by design, so we read them (row count from
    /// reader_check.jsonl) instead of rejecting them.</summary>
    public static readonly IReadOnlySet<string> MalformedButDecodable = new HashSet<string>
    {
        // RLE bit width 0 for dictionary indices: apache/arrow#43605 was fixed by decoding it (all indices 0), which is
        // what the writer meant; hyparquet also decodes all 21186 rows.
        "parquet-testing/bad_data/ARROW-GH-43605.parquet",
        // Truncated data page metadata from an old writer: Arrow C++ deliberately proceeds and decodes it (PARQUET-816,
        // test NationDictTruncatedDataPage); the 25 rows are the TPC-H nations with keys 0..24.
        "parquet-testing/data/nation.dict-malformed.parquet",
    };

    /// <summary>Fuzzer-found files that decode into valid batches with ParquetSharp 25 (the crash they once
    /// triggered is fixed); the value is the row count.</summary>
    public static readonly IReadOnlyDictionary<string, long> DecodableFuzzFiles = new Dictionary<string, long>
    {
        ["arrow-testing/data/parquet/fuzzing/clusterfuzz-testcase-minimized-parquet-arrow-fuzz-5068991573000192"] = 24,
        ["arrow-testing/data/parquet/fuzzing/clusterfuzz-testcase-minimized-parquet-arrow-fuzz-5382863341289472"] = 5120,
        ["arrow-testing/data/parquet/fuzzing/crash-649c71a618ae2fd80cec177a9676eb3e280fc1fa"] = 7,
    };

    /// <summary>Files that must be refused: corrupt, encrypted or fuzzed (a PipelineException within the time limit).</summary>
    public static IEnumerable<string> MustFail()
    {
        var decodable = MalformedButDecodable;
        return CorpusFiles.Under("parquet-testing/bad_data", f => f.EndsWith(".parquet", StringComparison.Ordinal))
            .Where(f => !decodable.Contains(f))
            .Concat(["parquet-testing/data/datapage_v1-corrupt-checksum.parquet", "parquet-testing/data/rle-dict-uncompressed-corrupt-checksum.parquet"])
            .Concat(CorpusFiles.Under("parquet-testing/data", f => f.EndsWith(".parquet.encrypted", StringComparison.Ordinal)))
            .Concat(FuzzFiles().Where(f => !DecodableFuzzFiles.ContainsKey(f)));
    }

    /// <summary>Every file of the two Parquet fuzz corpora.</summary>
    public static IEnumerable<string> FuzzFiles()
        => CorpusFiles.Under("arrow-testing/data/parquet/fuzzing", CorpusFiles.IsDataFile)
            .Concat(CorpusFiles.Under("arrow-testing/data/parquet/encoding-fuzzing", CorpusFiles.IsDataFile));

    /// <summary>Readable files: every <c>.parquet</c> in the two data folders that is not malformed or rejected on purpose.</summary>
    public static IEnumerable<string> Readable()
    {
        var mustFail = MustFail().ToHashSet();
        return CorpusFiles.Under("parquet-testing/data", f => f.EndsWith(".parquet", StringComparison.Ordinal))
            .Concat(CorpusFiles.Under("arrow-testing/data/parquet", f => f.EndsWith(".parquet", StringComparison.Ordinal)
                && !f.Contains("fuzzing", StringComparison.Ordinal)))
            .Concat(MalformedButDecodable)
            .Where(f => !mustFail.Contains(f) && !RejectedOnPurpose.ContainsKey(f))
            .Distinct()
            .Order(StringComparer.Ordinal);
    }
}
