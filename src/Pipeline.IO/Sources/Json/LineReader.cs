using System.Buffers;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// Reads a byte stream line by line (LF or CRLF), without decoding, skipping a UTF-8 byte order mark. Lines longer
/// than <see cref="MaxLineBytes"/> are reported as too long and skipped, so one runaway line cannot exhaust memory.
/// </summary>
internal sealed class LineReader : IJsonRecordReader
{
    /// <summary>Longest line accepted (16 MiB).</summary>
    public const int MaxLineBytes = 16 << 20;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start, _end;
    private bool _eof, _first = true;

    public LineReader(Stream stream) => _stream = stream;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <inheritdoc />
    public bool TryReadRecord(out ReadOnlySpan<byte> record, out bool tooLong) => TryReadLine(out record, out tooLong);

    /// <summary>Reads the next line. Returns false at the end. <paramref name="tooLong"/> is set (and the line empty)
    /// when the line exceeded the limit.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = scanFrom + nl;
                line = Trim(_buffer.AsSpan(_start, lineEnd - _start));
                _start = lineEnd + 1;
                LineNumber++;
                if (tooLong) line = default;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = tooLong ? default : Trim(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                LineNumber++;
                return true;
            }
            scanFrom = _end - _start;
            if (_end - _start >= MaxLineBytes)
            {
                // Drop what we have of the runaway line but keep scanning for its end.
                tooLong = true;
                _start = _end;
                scanFrom = 0;
            }
            Fill();
            scanFrom += _start;
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineBytes + (1 << 16)));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) { _eof = true; return; }
        BytesRead += n;
        if (_first)
        {
            _first = false;
            if (n >= 3 && _buffer[_end] == 0xEF && _buffer[_end + 1] == 0xBB && _buffer[_end + 2] == 0xBF)
            {
                _start += 3;
            }
        }
        _end += n;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
