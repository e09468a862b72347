using System.IO.Compression;
using System.Text;
using Pipeline.IO.Sources;
using Pipeline.IO.Tests.Fixtures;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Decompression;

// Replaces the process's standard input, so these tests must not run beside the other standard input tests.
[Collection("standard input")]
public class StandardInputDetectionTests
{
    /// <summary>A read-only, non-seekable stream, like a pipe, returning at most 1000 bytes a read.</summary>
    private sealed class Pipe(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static (string Format, List<string> Columns, List<string?[]> Rows) ReadStdin(byte[] content)
    {
        var previous = StandardInput.Source;
        // One pipe: what is peeked for detection is replayed, the rest read on from the same stream.
        var pipe = new Pipe(content);
        StandardInput.Source = () => pipe;
        try { return CompressedInputTests.Table("-"); }
        finally { StandardInput.Source = previous; }
    }

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    [Fact]
    public void Gzip_csv_on_standard_input_is_detected_from_its_content()
    {
        var csv = File.ReadAllBytes(Corpus.Path("seaborn-data", "tips.csv"));
        var expected = CompressedInputTests.Table(Corpus.Path("seaborn-data", "tips.csv"));
        var actual = ReadStdin(Gzip(csv));
        Assert.Equal("csv", actual.Format);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        Assert.Equal(expected.Rows[^1], actual.Rows[^1]);
    }

    [Fact]
    public void Bzip2_csv_on_standard_input_is_detected_from_its_content()
    {
        var actual = ReadStdin(File.ReadAllBytes(FixtureFiles.Path("tips.csv.bz2")));
        Assert.Equal("csv", actual.Format);
        Assert.Equal(244, actual.Rows.Count);
    }

    [Fact]
    public void A_json_document_and_json_lines_on_standard_input_are_told_apart()
    {
        var document = ReadStdin(Encoding.UTF8.GetBytes("[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n"));
        Assert.Equal("json", document.Format);
        Assert.Equal([["1"], ["2"]], document.Rows);
        var lines = ReadStdin(Encoding.UTF8.GetBytes("{\"a\": 1}\n{\"a\": 2}\n"));
        Assert.Equal("jsonl", lines.Format);
        Assert.Equal([["1"], ["2"]], lines.Rows);
    }

    [Fact]
    public void A_gzip_parquet_file_on_standard_input_is_read_through_a_temporary_copy()
    {
        var parquet = Corpus.Path("parquet-testing", "data", "alltypes_plain.parquet");
        var expected = CompressedInputTests.Table(parquet);
        var actual = ReadStdin(Gzip(File.ReadAllBytes(parquet)));
        Assert.Equal("parquet", actual.Format);
        Assert.Equal(expected.Rows, actual.Rows);
    }
}
