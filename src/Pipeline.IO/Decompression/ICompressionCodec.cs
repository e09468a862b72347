namespace Pipeline.IO.Decompression;

/// <summary>A stream compressor whose output Pipeline reads transparently: recognised by its magic bytes (never by
/// the file name), decompressed while the inner format's reader reads.</summary>
public interface ICompressionCodec
{
    /// <summary>The codec's name, as reports and errors spell it (<c>gzip</c>, <c>zstd</c>, <c>bzip2</c>).</summary>
    string Name { get; }

    /// <summary>File name extensions (lower case, with the dot) the codec's files usually carry; stripped before the
    /// inner format is looked up by extension.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>True when the first bytes are this codec's magic number.</summary>
    bool Matches(ReadOnlySpan<byte> head);

    /// <summary>A stream of the decompressed bytes of <paramref name="compressed"/>, which it owns.</summary>
    Stream Decompress(Stream compressed);
}
