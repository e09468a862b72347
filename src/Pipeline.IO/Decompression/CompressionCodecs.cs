namespace Pipeline.IO.Decompression;

/// <summary>The stream compressors Pipeline reads (gzip, zstd, bzip2), found by magic bytes. Zip archives are not a
/// stream codec (a member is chosen from the archive's directory): see <see cref="ZipInput"/>.</summary>
public static class CompressionCodecs
{
    /// <summary>Every codec, in detection order.</summary>
    public static IReadOnlyList<ICompressionCodec> All { get; } = [new GzipCodec(), new ZstdCodec(), new Bzip2Codec()];

    /// <summary>Bytes of a file's start that are enough to recognise any codec (and a zip archive).</summary>
    public const int MagicBytes = 4;

    /// <summary>The codec whose magic number starts <paramref name="head"/>, or null for uncompressed bytes.</summary>
    public static ICompressionCodec? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var codec in All)
            if (codec.Matches(head)) return codec;
        return null;
    }

    /// <summary>Extensions that name a compressor or an archive (<c>.gz</c>, <c>.zst</c>, <c>.bz2</c>, <c>.zip</c>, ...),
    /// stripped from a file name before its format is looked up by extension.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [.. All.SelectMany(c => c.Extensions), ".zip"];

    /// <summary>The file name without the compression extensions it ends with, and for <c>archive.zip#member</c> the member's name.</summary>
    public static string InnerName(string path)
    {
        var name = ZipInput.TrySplit(path, out _, out var member) && member is not null ? member : path;
        name = Path.GetFileName(name).ToLowerInvariant();
        for (bool stripped = true; stripped;)
        {
            stripped = false;
            foreach (var ext in Extensions)
                if (name.Length > ext.Length && name.EndsWith(ext, StringComparison.Ordinal))
                {
                    name = name[..^ext.Length];
                    stripped = true;
                }
        }
        return name;
    }
}
