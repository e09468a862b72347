using Pipeline.Core.Errors;

using Pipeline.IO.Sources;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// The first bytes of an opened input, read once for sniffing and then replayed in front of the rest of the
/// stream (<see cref="Continue"/>), so standard input is read only once.
/// </summary>
internal sealed class CsvSample
{
    private const int Step = 64 * 1024;

    private CsvSample(byte[] bytes, int length, bool isWholeInput)
    {
        Bytes = bytes;
        Length = length;
        IsWholeInput = isWholeInput;
    }

    /// <summary>The sampled bytes (the first <see cref="Length"/>).</summary>
    public byte[] Bytes { get; }
    /// <summary>Bytes sampled.</summary>
    public int Length { get; }
    /// <summary>True when the input ended within the sample.</summary>
    public bool IsWholeInput { get; }
    /// <summary>The sampled bytes.</summary>
    public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);

    /// <summary>Reads until the sample holds more than <paramref name="lines"/> line breaks, <paramref name="maxBytes"/>
    /// bytes, or the whole input.</summary>
    public static CsvSample Read(Stream input, int lines, int maxBytes, string file)
    {
        var bytes = new byte[Math.Min(maxBytes, Step)];
        int length = 0, breaks = 0;
        try
        {
            while (true)
            {
                if (length == bytes.Length)
                {
                    if (bytes.Length >= maxBytes) return new CsvSample(bytes, length, false);
                    Array.Resize(ref bytes, Math.Min(maxBytes, bytes.Length * 2));
                }
                int n = input.Read(bytes, length, bytes.Length - length);
                if (n == 0) return new CsvSample(bytes, length, true);
                var added = bytes.AsSpan(length, n);
                breaks += added.Count((byte)'\n') + (added.Contains((byte)'\n') ? 0 : added.Count((byte)'\r'));
                length += n;
                if (breaks > lines) return new CsvSample(bytes, length, false);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw PipelineException.InvalidInput(file, $"cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>A stream that yields the sample and then the rest of <paramref name="rest"/> (which it owns).</summary>
    public Stream Continue(Stream rest) => new PrefixedReadStream(Bytes, Length, rest);
}
