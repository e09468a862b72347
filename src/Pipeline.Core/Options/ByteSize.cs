using System.Globalization;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Options;

/// <summary>Parses and prints byte sizes such as <c>512MiB</c>, <c>2GiB</c>, <c>1.5GB</c> or <c>1048576</c>.</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1000L), ("MB", 1000_000L), ("GB", 1000_000_000L), ("TB", 1000_000_000_000L),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40), ("B", 1L),
    ];

    /// <summary>Parses a size; binary suffixes (KiB, MiB, GiB, TiB, or K/M/G/T) are powers of 1024, decimal ones (KB, MB, GB, TB) of 1000.</summary>
    /// <exception cref="PipelineException">The text is not a size.</exception>
    public static long Parse(string text)
    {
        var s = text.Trim();
        foreach (var (suffix, factor) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(s[..^suffix.Length].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
                return checked((long)(n * factor));
        }
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var plain)) return plain;
        throw new PipelineException(PipelineErrorKind.InvalidInput, $"'{text}' is not a byte size (examples: 512MiB, 2GiB, 1048576)");
    }

    /// <summary>Formats a size with a binary unit, e.g. <c>1.5 GiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes; int i = 0;
        while (v >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
        return i == 0 ? $"{bytes} B" : v.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[i];
    }
}
