using System.Text;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Sources;
using Pipeline.IO.Sources.Csv;
using Pipeline.TestSupport;

namespace Pipeline.IO.Tests.Csv;

// Replaces the process's standard input, so these tests must not run beside each other.
[Collection("standard input")]
public class CsvStandardInputTests
{
    /// <summary>A read-only, non-seekable stream, like a pipe.</summary>
    private sealed class PipeStream(byte[] data) : Stream
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

    private static CsvTestReading.Table ReadStdin(string content, PipelineOptions options)
    {
        var previous = StandardInput.Source;
        StandardInput.Source = () => new PipeStream(Encoding.UTF8.GetBytes(content));
        try { return CsvTestReading.Read(new CsvSource(["-"]), options); }
        finally { StandardInput.Source = previous; }
    }

    [Fact]
    public void Standard_input_is_sniffed_once_and_read_in_full()
    {
        var content = "id,name\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},n{i}\n"));
        var t = ReadStdin(content, new PipelineOptions { BatchSize = 1000 });
        Assert.Equal(20_000, t.Rows.Count);
        Assert.Equal("int64", CsvTestReading.TypeOf(t, "id"));
        Assert.Equal("19999", t.Values("id").Last());
    }

    [Fact]
    public void On_standard_input_a_late_misfit_is_quarantined_because_the_input_cannot_be_read_again()
    {
        var content = "id,v\n" + string.Concat(Enumerable.Range(0, 500).Select(i => i == 400 ? $"{i},oops\n" : $"{i},{i}\n"));
        var t = ReadStdin(content, new PipelineOptions { InferenceSampleRows = 20, TypeMismatch = TypeMismatchPolicy.Widen });
        Assert.Equal(499, t.Rows.Count);
        Assert.Equal(1, t.Context.Quarantine.Count);
        Assert.Equal(1, t.Context.Quarantine.CountsByStage[BatchRunner.ReadStage]);
    }
}
