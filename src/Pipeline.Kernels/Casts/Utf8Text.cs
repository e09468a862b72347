namespace Pipeline.Kernels.Casts;

/// <summary>Small helpers over UTF-8 text shared by the value parsers.</summary>
public static class Utf8Text
{
    /// <summary>Removes leading and trailing ASCII spaces and tabs. CSV exports often pad numbers
    /// (<c>1, 2, 3</c>); other whitespace (newlines, NBSP) is data and stays.</summary>
    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> text)
    {
        int start = 0, end = text.Length;
        while (start < end && (text[start] == (byte)' ' || text[start] == (byte)'\t')) start++;
        while (end > start && (text[end - 1] == (byte)' ' || text[end - 1] == (byte)'\t')) end--;
        return text[start..end];
    }

    /// <summary>True when <paramref name="text"/> equals the ASCII word <paramref name="lowerAscii"/> ignoring ASCII case.</summary>
    public static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerAscii)
    {
        if (text.Length != lowerAscii.Length) return false;
        for (int i = 0; i < text.Length; i++)
            if ((text[i] | 0x20) != lowerAscii[i]) return false;
        return true;
    }

    /// <summary>Reads 1 to <paramref name="maxDigits"/> ASCII digits at <paramref name="pos"/>; returns the digit count (0 when none).</summary>
    internal static int ReadDigits(ReadOnlySpan<byte> text, int pos, int maxDigits, out int value)
    {
        value = 0;
        int n = 0;
        while (pos + n < text.Length && n < maxDigits)
        {
            uint d = (uint)(text[pos + n] - '0');
            if (d > 9) break;
            value = value * 10 + (int)d;
            n++;
        }
        return n;
    }
}
