using Microsoft.Win32.SafeHandles;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sinks;

/// <summary>
/// Standard output as a stream that fails when the reader goes away. .NET's console stream drops writes to a closed
/// pipe silently (EPIPE is ignored), so <c>pipeline convert big.csv - | head</c> would finish "ok" with every row
/// counted as written. This stream writes to file descriptor 1 directly and turns a failed write into a
/// <see cref="PipelineException"/> (external, exit 3) saying the output is incomplete.
/// </summary>
internal sealed class StandardOutputStream : Stream
{
    private readonly Stream _inner;
    private long _written;

    private StandardOutputStream(Stream inner) => _inner = inner;

    /// <summary>Opens standard output.</summary>
    public static Stream Open()
    {
        // On Linux and macOS, descriptor 1 as a plain file stream reports EPIPE (the runtime ignores SIGPIPE).
        Stream inner = OperatingSystem.IsWindows()
            ? Console.OpenStandardOutput()
            : new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
        return new StandardOutputStream(inner);
    }

    /// <summary>Bytes written so far.</summary>
    public long Written => _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { _inner.Write(buffer); }
        catch (IOException ex) { throw Closed(ex); }
        _written += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try { await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false); }
        catch (IOException ex) { throw Closed(ex); }
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        try { _inner.Flush(); }
        catch (IOException ex) { throw Closed(ex); }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try { await _inner.FlushAsync(cancellationToken).ConfigureAwait(false); }
        catch (IOException ex) { throw Closed(ex); }
    }

    private PipelineException Closed(IOException ex) => new(PipelineErrorKind.External,
        $"standard output: output closed by its reader after {_written:N0} bytes; the output is incomplete ({ex.Message})", ex);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
