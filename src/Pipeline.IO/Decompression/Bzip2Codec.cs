using ICSharpCode.SharpZipLib.BZip2;

namespace Pipeline.IO.Decompression;

/// <summary>bzip2 through SharpZipLib, magic <c>BZh</c> followed by the block size digit 1-9.</summary>
internal sealed class Bzip2Codec : ICompressionCodec
{
    public string Name => "bzip2";

    public IReadOnlyList<string> Extensions { get; } = [".bz2", ".bzip2"];

    public bool Matches(ReadOnlySpan<byte> head) => head.Length >= 4 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9';

    public Stream Decompress(Stream compressed) => new BZip2InputStream(compressed) { IsStreamOwner = true };
}
