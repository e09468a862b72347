using System.Buffers;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// A read-only stream that sits between an IPC byte source that cannot be mapped (standard input, files over
/// 2 GiB) and Apache.Arrow's reader. It reads one whole message at a time, validates its lengths and header with
/// <see cref="IpcMessageValidator"/> before passing any of it on, and stops at the end-of-stream marker or at the
/// end of the region it was given, so Arrow never allocates from an unchecked length. Buffers grow with the bytes
/// that actually arrive (in chunks), so a declared length that lies costs nothing before the input runs out.
/// </summary>
internal sealed class ValidatingIpcStream : Stream
{
    private const int ChunkBytes = 1 << 20;

    private readonly Stream _inner;
    private readonly long? _regionLength;
    private readonly long _maxMessageBytes;
    private readonly IpcMessageValidator _validator;
    private readonly Queue<byte[]> _pending = new();
    private int _headOffset;
    private bool _ended;
    private readonly bool _allowTruncated;
    private long _consumed;

    /// <param name="inner">The raw bytes, positioned at the first message.</param>
    /// <param name="regionLength">Bytes of stream data available (file region), or null when unknown (standard input).</param>
    /// <param name="maxMessageBytes">Largest message accepted (the memory limit, at most a .NET array).</param>
    /// <param name="allowTruncated">At an end of input inside a message, drop that partial message and end the
    /// stream (instead of failing), so the complete messages before it are read.</param>
    public ValidatingIpcStream(Stream inner, long? regionLength, long maxMessageBytes, bool allowTruncated = false)
    {
        _allowTruncated = allowTruncated;
        _inner = inner;
        _regionLength = regionLength;
        _maxMessageBytes = Math.Min(maxMessageBytes, Array.MaxLength);
        _validator = new IpcMessageValidator(maxMessageBytes);
    }

    /// <summary>Bytes taken from the underlying stream so far.</summary>
    public long Consumed => _consumed;

    /// <summary>Whether the stream ended with its end-of-stream marker (rather than just stopping).</summary>
    public bool SawEndMarker { get; private set; }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_pending.Count == 0 && (_ended || !LoadNextMessage())) return 0;
        var head = _pending.Peek();
        int n = Math.Min(buffer.Length, head.Length - _headOffset);
        head.AsSpan(_headOffset, n).CopyTo(buffer);
        _headOffset += n;
        if (_headOffset == head.Length)
        {
            _pending.Dequeue();
            _headOffset = 0;
        }
        return n;
    }

    private long Available => Math.Min(_regionLength is { } r ? r - _consumed : long.MaxValue, _maxMessageBytes);

    private bool LoadNextMessage()
    {
        try
        {
            return LoadMessage();
        }
        catch (TruncatedStreamException) when (_allowTruncated && _consumed > 0)
        {
            // The partial message never reaches Arrow: the stream ends after the last complete one.
            _ended = true;
            return false;
        }
    }

    private bool LoadMessage()
    {
        if (_regionLength is { } region && region - _consumed < 4) { _ended = true; return false; }
        bool atStart = _consumed == 0;
        var prefix = new byte[8];
        int got = ReadFully(prefix.AsSpan(0, 4));
        if (got == 0) { _ended = true; return false; }
        if (got < 4) throw new TruncatedStreamException("stream ends inside a message length prefix");
        if (atStart) RejectOtherContent(prefix.AsSpan(0, 4));
        int prefixLength = 4;
        if (BitConverter.ToInt32(prefix) == IpcFraming.Continuation)
        {
            if (ReadFully(prefix.AsSpan(4, 4)) < 4) throw new TruncatedStreamException("stream ends inside a message length prefix");
            prefixLength = 8;
        }
        var (_, metadataLength) = IpcFraming.ReadPrefix(prefix.AsSpan(0, prefixLength));
        if (metadataLength == 0)
        {
            // End-of-stream marker: hand it to Arrow so it finishes cleanly, then report end.
            _pending.Enqueue(prefix.AsSpan(0, prefixLength).ToArray());
            _ended = true;
            SawEndMarker = true;
            return true;
        }
        if (metadataLength < 0 || metadataLength > Available)
            throw new InvalidDataException($"message declares {metadataLength} metadata bytes, more than the {Available} allowed");

        var metadata = ReadChunks(metadataLength, "message metadata");
        var metadataBytes = metadata.Count == 1 ? metadata[0] : metadata.SelectMany(c => c).ToArray();
        long bodyLength = _validator.ValidateMetadata(metadataBytes, Available);
        var body = ReadChunks(bodyLength, "a message body");
        _validator.ValidateBody(Sequence(body));
        // Queued only once complete, so a message cut short never reaches Arrow.
        _pending.Enqueue(prefix.AsSpan(0, prefixLength).ToArray());
        _pending.Enqueue(metadataBytes);
        foreach (var chunk in body) _pending.Enqueue(chunk);
        return true;
    }

    /// <summary>Names the usual mistakes (the IPC file format or plain text on a pipe) instead of letting their first
    /// bytes read as an absurd message length.</summary>
    private static void RejectOtherContent(ReadOnlySpan<byte> head)
    {
        if (head.SequenceEqual("ARRO"u8))
            throw new InvalidDataException("this is the Arrow IPC file format (it starts with ARROW1), which needs a seekable file; send the stream format (arrows) instead");
        int length = BitConverter.ToInt32(head);
        // A first message is a schema: a continuation marker, or (legacy framing) a small positive length.
        if (length != IpcFraming.Continuation && (length <= 0 || length > 1 << 24))
        {
            var text = new string(head.ToArray().Select(b => b is >= 0x20 and < 0x7F ? (char)b : '.').ToArray());
            throw new InvalidDataException($"the input does not start with an Arrow IPC stream message (its first bytes are '{text}'); send an Arrow IPC stream");
        }
    }

    private List<byte[]> ReadChunks(long length, string what)
    {
        var chunks = new List<byte[]>();
        for (long left = length; left > 0;)
        {
            var chunk = new byte[Math.Min(left, ChunkBytes)];
            if (ReadFully(chunk) < chunk.Length) throw new TruncatedStreamException($"stream ends inside {what}");
            chunks.Add(chunk);
            left -= chunk.Length;
        }
        return chunks;
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

    private static ReadOnlySequence<byte> Sequence(List<byte[]> chunks)
    {
        if (chunks.Count == 0) return ReadOnlySequence<byte>.Empty;
        if (chunks.Count == 1) return new ReadOnlySequence<byte>(chunks[0]);
        var first = new Segment(chunks[0], 0);
        var last = first;
        for (int i = 1; i < chunks.Count; i++) last = last.Append(chunks[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
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

/// <summary>The input ended inside a message: truncated rather than malformed (an end-of-stream error, which
/// callers report as bad input).</summary>
internal sealed class TruncatedStreamException(string message) : EndOfStreamException(message);
