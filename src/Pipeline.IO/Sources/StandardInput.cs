namespace Pipeline.IO.Sources;

/// <summary>
/// The process's standard input for the readers, with a peek: the format of <c>-</c> is detected from its first
/// bytes like a file's, and the bytes peeked are handed back in front of the rest when a reader opens it. Standard
/// input can be read once; a second open is refused by the readers that would need it twice.
/// </summary>
internal static class StandardInput
{
    private static readonly object Gate = new();
    private static byte[]? _peeked;
    private static int _peekedLength;

    /// <summary>Where the bytes come from (tests replace it).</summary>
    internal static Func<Stream> Source { get; set; } = Console.OpenStandardInput;

    /// <summary>Up to <paramref name="count"/> first bytes of standard input, without consuming them.</summary>
    public static ReadOnlySpan<byte> Peek(int count)
    {
        lock (Gate)
        {
            if (_peeked is null)
            {
                _peeked = new byte[count];
                // Not disposed: the reader opens standard input again and reads on after these bytes.
                _peekedLength = Source().ReadAtLeast(_peeked, count, throwOnEndOfStream: false);
            }
            return _peeked.AsSpan(0, _peekedLength);
        }
    }

    /// <summary>Standard input from its first byte (peeked bytes first).</summary>
    public static Stream Open()
    {
        lock (Gate)
        {
            var rest = Source();
            if (_peeked is null) return rest;
            var stream = new PrefixedReadStream(_peeked, _peekedLength, rest);
            _peeked = null;
            return stream;
        }
    }
}
