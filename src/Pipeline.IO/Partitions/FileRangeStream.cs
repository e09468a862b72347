namespace Pipeline.IO.Partitions;

/// <summary>A read-only, forward-only view of the bytes <c>[start, end)</c> of a file stream, which it owns.</summary>
internal sealed class FileRangeStream : Stream
{
    private readonly Stream _file;
    private long _remaining;

    public FileRangeStream(Stream file, long start, long end)
    {
        _file = file;
        _file.Position = start;
        _remaining = Math.Max(0, end - start);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0 || buffer.IsEmpty) return 0;
        int n = _file.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
