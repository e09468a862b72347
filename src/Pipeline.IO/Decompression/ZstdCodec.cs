using ZstdSharp;

namespace Pipeline.IO.Decompression;

/// <summary>Zstandard (RFC 8878) through ZstdSharp.Port, magic <c>28 B5 2F FD</c>; concatenated frames are read as one stream.</summary>
internal sealed class ZstdCodec : ICompressionCodec
{
    public string Name => "zstd";

    public IReadOnlyList<string> Extensions { get; } = [".zst", ".zstd"];

    public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);

    public Stream Decompress(Stream compressed) => new DecompressionStream(compressed, leaveOpen: false);
}
