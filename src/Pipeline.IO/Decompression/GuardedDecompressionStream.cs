using Pipeline.Core.Errors;

namespace Pipeline.IO.Decompression;

/// <summary>
/// The decompressed side of a compressed input: counts the bytes it hands out against the compressed bytes read
/// (<see cref="DecompressionLimits"/>), and turns a codec's corrupt-data exception into a
/// <see cref="PipelineException"/> naming the file and the codec.
/// </summary>
internal sealed class GuardedDecompressionStream(Stream decompressed, Func<long> compressedBytes, string file, string codec, DecompressionLimits limits) : Stream
{
    private long _out;

    /// <summary>Decompressed bytes handed out so far.</summary>
    public long BytesOut => _out;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = decompressed.Read(buffer);
        }
        catch (Exception ex) when (ex is not PipelineException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw PipelineException.InvalidInput(file, $"corrupt {codec} data after {_out:N0} decompressed bytes: {ex.Message}", ex);
        }
        _out += n;
        Check();
        return n;
    }

    private void Check()
    {
        if (limits.MaxBytes is { } max && _out > max)
            throw PipelineException.InvalidInput(file, $"{codec} data decompresses to more than {max:N0} bytes (the decompression size limit); raise it (--max-decompressed-size) if the file is genuine");
        if (_out <= limits.FloorBytes) return;
        long input = Math.Max(1, compressedBytes());
        if (_out > limits.MaxRatio * input)
            throw PipelineException.InvalidInput(file, $"{codec} data decompresses to more than {limits.MaxRatio:N0} times its size ({_out:N0} bytes from {input:N0}): refused as a decompression bomb; raise --max-decompression-ratio if the file is genuine");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) decompressed.Dispose();
        base.Dispose(disposing);
    }
}
