using System.IO.Compression;

namespace Pipeline.IO.Decompression;

/// <summary>gzip (RFC 1952), magic <c>1F 8B</c>; concatenated members are read as one stream.</summary>
internal sealed class GzipCodec : ICompressionCodec
{
    public string Name => "gzip";

    public IReadOnlyList<string> Extensions { get; } = [".gz", ".gzip"];

    public bool Matches(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    public Stream Decompress(Stream compressed) => new GZipStream(compressed, CompressionMode.Decompress);
}
