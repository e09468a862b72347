namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// A read-only stream that sits between an IPC byte source that cannot be mapped (standard input, files over
/// 2 GiB) and Apache.Arrow's reader. It reads one whole message at a time, validates its lengths and header with
/// <see cref="IpcMessageValidator"/> before passing any of it on, and stops at the end-of-stream marker or at the
/// end of the region it was given, so Arrow never allocates from an unchecked length.
/// </summary>
internal sealed class ValidatingIpcStream : Stream
{
    private readonly Stream _inner;
    private readonly long? _regionLength;
    private readonly long _maxMessageBytes;
    private readonly IpcMessageValidator _validator;
    private byte[] _pending = [];
    private int _pendingOffset;
    private bool _ended;
    private long _consumed;

    /// <param name="inner">The raw bytes, positioned at the first message.</param>
    /// <param name="regionLength">Bytes of stream data available (file region), or null when unknown (standard input).</param>
    /// <param name="maxMessageBytes">Largest message accepted (the memory limit, at most a .NET array).</param>
    public ValidatingIpcStream(Stream inner, long? regionLength, long maxMessageBytes)
    {
        _inner = inner;
        _regionLength = regionLength;
        _maxMessageBytes = Math.Min(maxMessageBytes, Array.MaxLength);
        _validator = new IpcMessageValidator(maxMessageBytes);
    }

    /// <summary>Bytes taken from the underlying stream so far.</summary>
    public long Consumed => _consumed;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_pendingOffset == _pending.Length)
        {
            if (_ended || !LoadNextMessage()) return 0;
        }
        int n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, n).CopyTo(buffer);
        _pendingOffset += n;
        return n;
    }

    private long Available => _regionLength is { } r ? r - _consumed : _maxMessageBytes;

    private bool LoadNextMessage()
    {
        if (_regionLength is { } region && region - _consumed < 4) { _ended = true; return false; }
        Span<byte> prefix = stackalloc byte[8];
        int got = ReadFully(prefix[..4]);
        if (got == 0) { _ended = true; return false; }
        if (got < 4) throw new InvalidDataException("stream ends inside a message length prefix");
        int prefixLength = 4;
        if (BitConverter.ToInt32(prefix) == IpcFraming.Continuation)
        {
            if (ReadFully(prefix[4..8]) < 4) throw new InvalidDataException("stream ends inside a message length prefix");
            prefixLength = 8;
        }
        var (_, metadataLength) = IpcFraming.ReadPrefix(prefix[..prefixLength]);
        if (metadataLength == 0)
        {
            // End-of-stream marker: hand it to Arrow so it finishes cleanly, then report end.
            _pending = prefix[..prefixLength].ToArray();
            _pendingOffset = 0;
            _ended = true;
            return true;
        }
        if (metadataLength < 0 || metadataLength > Math.Min(Available, _maxMessageBytes))
            throw new InvalidDataException($"message declares {metadataLength} metadata bytes, more than the {Math.Min(Available, _maxMessageBytes)} allowed");

        var metadata = new byte[metadataLength];
        if (ReadFully(metadata) < metadataLength) throw new InvalidDataException("stream ends inside message metadata");
        long bodyLength = _validator.ValidateMetadata(metadata, Math.Min(Available, _maxMessageBytes - prefixLength - metadataLength));
        var message = new byte[prefixLength + metadataLength + bodyLength];
        prefix[..prefixLength].CopyTo(message);
        metadata.CopyTo(message, prefixLength);
        var body = message.AsSpan(prefixLength + metadataLength);
        if (ReadFully(body) < body.Length) throw new InvalidDataException("stream ends inside a message body");
        _validator.ValidateBody(body);
        _pending = message;
        _pendingOffset = 0;
        return true;
    }

    private int ReadFully(Span<byte> target)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = _inner.Read(target[total..]);
            if (n == 0) break;
            total += n;
        }
        _consumed += total;
        return total;
    }

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
