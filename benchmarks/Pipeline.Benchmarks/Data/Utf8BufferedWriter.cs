using System.Globalization;

namespace Pipeline.Benchmarks.Data;

/// <summary>
/// Appends UTF-8 bytes to a large buffer and flushes it to a stream when full. Numbers are formatted straight
/// into the buffer (<see cref="IUtf8SpanFormattable"/>), so writing a field allocates nothing.
/// </summary>
public sealed class Utf8BufferedWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _used;

    /// <summary>Wraps a stream; the writer owns and disposes it.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="bufferSize">Bytes buffered between writes to the stream (1 MiB by default: large sequential writes).</param>
    public Utf8BufferedWriter(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Bytes written so far, buffered ones included.</summary>
    public long Position { get; private set; }

    /// <summary>Returns a span of at least <paramref name="size"/> free bytes; call <see cref="Advance"/> after writing.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _used < size) Flush();
        return _buffer.AsSpan(_used);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the last <see cref="GetSpan"/> as written.</summary>
    public void Advance(int count)
    {
        _used += count;
        Position += count;
    }

    /// <summary>Writes raw bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>Writes one byte.</summary>
    public void Write(byte b)
    {
        GetSpan(1)[0] = b;
        Advance(1);
    }

    /// <summary>Writes a value in its invariant-culture UTF-8 form (for doubles: the shortest round-trip text).</summary>
    public void WriteValue<T>(T value) where T : IUtf8SpanFormattable
    {
        // 32 bytes hold any int64 or round-trip double.
        if (!value.TryFormat(GetSpan(32), out int n, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"could not format {value}");
        Advance(n);
    }

    /// <summary>Writes the buffered bytes to the stream.</summary>
    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Flushes and closes the stream.</summary>
    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }
}
