using System.Text;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Decides the text encoding of a CSV input from its first bytes: a byte order mark wins (UTF-8, UTF-16 LE/BE);
/// without one, UTF-16 is recognised by its zero bytes in every other position (ASCII-heavy text); otherwise UTF-8
/// (invalid UTF-8 is not an error: such bytes become U+FFFD when strings are built). A name in the options wins over all.
/// </summary>
internal static class CsvEncodingDetector
{
    static CsvEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The detected encoding: its display name, the bytes of BOM to skip, and a decoder to UTF-8 (null when already UTF-8).</summary>
    internal readonly record struct Detected(string Name, int BomLength, Encoding? Transcode);

    /// <summary>Detects the encoding of a file starting with <paramref name="head"/>.</summary>
    /// <exception cref="PipelineException">The encoding named in the options is unknown.</exception>
    public static Detected Detect(ReadOnlySpan<byte> head, string? requested, string file)
    {
        int bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3
            : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? 2 : 0;
        if (requested is { Length: > 0 })
            return FromName(requested, file, bom);
        if (bom == 3) return new Detected("utf-8-bom", 3, null);
        if (bom == 2)
            return head[0] == 0xFF ? new Detected("utf-16le", 2, Encoding.Unicode) : new Detected("utf-16be", 2, Encoding.BigEndianUnicode);
        return LooksLikeUtf16(head, out bool bigEndian)
            ? bigEndian ? new Detected("utf-16be", 0, Encoding.BigEndianUnicode) : new Detected("utf-16le", 0, Encoding.Unicode)
            : new Detected("utf-8", 0, null);
    }

    private static Detected FromName(string name, string file, int bom)
    {
        Encoding encoding;
        try { encoding = Encoding.GetEncoding(name); }
        catch (ArgumentException ex)
        {
            throw PipelineException.InvalidInput(file, $"unknown encoding '{name}' (examples: utf-8, utf-16le, utf-16be, latin1, windows-1252, shift_jis)", ex);
        }
        // Skip a BOM only when it belongs to the requested encoding.
        int skip = encoding.CodePage switch
        {
            65001 => bom == 3 ? 3 : 0,
            1200 or 1201 => bom == 2 ? 2 : 0,
            _ => 0,
        };
        return new Detected(encoding.WebName, skip, encoding.CodePage == 65001 ? null : encoding);
    }

    // ASCII text in UTF-16 has a zero in every other byte; real UTF-8 text has (almost) no zero bytes at all.
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> head, out bool bigEndian)
    {
        bigEndian = false;
        int pairs = Math.Min(head.Length, 2048) / 2;
        if (pairs < 2) return false;
        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i < pairs; i++)
        {
            if (head[2 * i] == 0) evenZeros++;
            if (head[2 * i + 1] == 0) oddZeros++;
        }
        if (oddZeros * 10 >= pairs * 4 && evenZeros * 20 < pairs) return true;
        if (evenZeros * 10 >= pairs * 4 && oddZeros * 20 < pairs) { bigEndian = true; return true; }
        return false;
    }
}
