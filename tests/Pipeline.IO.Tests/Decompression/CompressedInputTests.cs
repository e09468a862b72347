using System.IO.Compression;
using System.Text;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Decompression;
using Pipeline.IO.Formats;
using Pipeline.IO.Tests.Fixtures;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Decompression;

public class CompressedInputTests
{
    /// <summary>Every row of an input as display strings, with the format it was read as.</summary>
    internal static (string Format, List<string> Columns, List<string?[]> Rows) Table(string path, SourceOptions? options = null)
    {
        var source = FileFormats.OpenSource(path, options);
        var (schema, batches) = BatchReading.ReadAll(source, new PipelineContext(new PipelineOptions { BatchSize = 100 }));
        var rows = new List<string?[]>();
        foreach (var batch in batches)
            using (batch)
                for (int r = 0; r < batch.Length; r++)
                    rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => BatchReading.Display(batch.Column(c), r)).ToArray());
        return (source.Format, schema.FieldsList.Select(f => f.Name).ToList(), rows);
    }

    private static void SameTable((string Format, List<string> Columns, List<string?[]> Rows) expected, (string Format, List<string> Columns, List<string?[]> Rows) actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int i = 0; i < expected.Rows.Count; i++) Assert.Equal(expected.Rows[i], actual.Rows[i]);
    }

    [Fact]
    public void Zstd_csv_from_the_corpus_reads_as_its_plain_copy()
    {
        var plain = Table(Corpus.Path("duckdb-csv", "data", "csv", "real", "ncvoter.csv"));
        var zst = Table(Corpus.Path("duckdb-csv", "data", "csv", "zstd", "ncvoter.csv.zst"));
        Assert.True(plain.Rows.Count > 0);
        SameTable(plain, zst);
    }

    [Fact]
    public void Gzip_and_zstd_of_the_same_corpus_file_agree()
    {
        var gz = Table(Corpus.Path("duckdb-csv", "data", "csv", "lineitem1k.tbl.gz"));
        var zst = Table(Corpus.Path("duckdb-csv", "data", "csv", "zstd", "lineitem1k.tbl.zst"));
        Assert.Equal(1000, gz.Rows.Count);
        SameTable(gz, zst);
    }

    [Fact]
    public void Bzip2_is_found_by_its_magic_bytes_not_its_name()
    {
        using var dir = new TempDirectory();
        var renamed = Path.Combine(dir.Path, "tips.data");
        File.Copy(FixtureFiles.Path("tips.csv.bz2"), renamed);
        var expected = Table(Corpus.Path("seaborn-data", "tips.csv"));
        Assert.Equal(244, expected.Rows.Count);
        SameTable(expected, Table(FixtureFiles.Path("tips.csv.bz2")));
        SameTable(expected, Table(renamed));
    }

    [Fact]
    public void A_file_named_gz_that_holds_plain_text_is_read_as_plain_text()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("plain.csv.gz", "a,b\n1,x\n2,y\n");
        var table = Table(path);
        Assert.Equal(["a", "b"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
    }

    [Fact]
    public void Zip_with_one_member_reads_it_and_a_named_member_is_chosen_with_a_hash()
    {
        var expected = Table(Corpus.Path("seaborn-data", "tips.csv"));
        SameTable(expected, Table(FixtureFiles.Path("tips.zip")));
        SameTable(expected, Table(FixtureFiles.Path("both.zip") + "#tips.csv"));
        SameTable(Table(Corpus.Path("seaborn-data", "iris.csv")), Table(FixtureFiles.Path("both.zip") + "#iris.csv"));
    }

    [Fact]
    public void Zip_with_several_members_and_none_named_is_refused_with_their_names()
    {
        var ex = Assert.Throws<PipelineException>(() => Table(FixtureFiles.Path("both.zip")));
        Assert.Contains("both.zip", ex.Message);
        Assert.Contains("tips.csv", ex.Message);
        Assert.Contains("iris.csv", ex.Message);
        Assert.Contains("#MEMBER", ex.Message);
        var missing = Assert.Throws<PipelineException>(() => Table(FixtureFiles.Path("both.zip") + "#nope.csv"));
        Assert.Contains("no member 'nope.csv'", missing.Message);
    }

    [Fact]
    public void Gzip_jsonl_and_gzip_parquet_are_read_through_the_same_detection()
    {
        using var dir = new TempDirectory();
        var jsonl = Path.Combine(dir.Path, "rows");
        using (var gz = new GZipStream(File.Create(jsonl), CompressionLevel.Fastest))
            gz.Write("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": null}\n"u8);
        var table = Table(jsonl);
        Assert.Equal("jsonl", table.Format);
        Assert.Equal([["1", "x"], ["2", null]], table.Rows);

        var parquet = Corpus.Path("parquet-testing", "data", "alltypes_plain.parquet");
        var packed = Path.Combine(dir.Path, "alltypes.parquet.gz");
        using (var input = File.OpenRead(parquet))
        using (var gz = new GZipStream(File.Create(packed), CompressionLevel.Fastest))
            input.CopyTo(gz);
        SameTable(Table(parquet), Table(packed));
    }

    [Fact]
    public void A_decompression_bomb_is_refused_with_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "bomb.csv.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize))
        {
            gz.Write("a,b\n"u8);
            var line = Encoding.ASCII.GetBytes("0,0\n");
            var block = Enumerable.Repeat(line, 1 << 16).SelectMany(b => b).ToArray();
            for (int i = 0; i < 32; i++) gz.Write(block); // 8 MiB of text, a few KiB compressed
        }
        var options = new SourceOptions { Decompression = new DecompressionLimits { FloorBytes = 1 << 20, MaxRatio = 100 } };
        var ex = Assert.Throws<PipelineException>(() => Table(path, options));
        Assert.Contains("bomb.csv.gz", ex.Message);
        Assert.Contains("decompression bomb", ex.Message);

        var capped = new SourceOptions { Decompression = new DecompressionLimits { MaxBytes = 1 << 20 } };
        var size = Assert.Throws<PipelineException>(() => Table(path, capped));
        Assert.Contains("size limit", size.Message);
        // The default limits read it: 8 MiB is under the floor.
        Assert.Equal(1 << 21, Table(path).Rows.Count);
    }

    [Fact]
    public void Corrupt_compressed_data_names_the_file_and_the_codec()
    {
        using var dir = new TempDirectory();
        var good = Path.Combine(dir.Path, "good.gz");
        using (var gz = new GZipStream(File.Create(good), CompressionLevel.Fastest))
            gz.Write(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20000).Select(i => $"{i},{i * 7}\n"))));
        var bytes = File.ReadAllBytes(good);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        var bad = Path.Combine(dir.Path, "bad.csv");
        File.WriteAllBytes(bad, bytes);
        var ex = Assert.Throws<PipelineException>(() => Table(bad));
        Assert.Contains("bad.csv", ex.Message);
        Assert.Contains("gzip", ex.Message);
    }

    [Fact]
    public void Inner_name_strips_compression_and_takes_a_zip_members_name()
    {
        Assert.Equal("data.csv", CompressionCodecs.InnerName("/x/DATA.csv.gz"));
        Assert.Equal("data.tsv", CompressionCodecs.InnerName("data.tsv.zst"));
        Assert.Equal("data.parquet", CompressionCodecs.InnerName("data.parquet.bz2"));
        Assert.Equal("iris.csv", CompressionCodecs.InnerName(FixtureFiles.Path("both.zip") + "#iris.csv"));
    }
}
