using System.Globalization;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>Text indexed by Unicode code points, as DuckDB counts characters (an emoji is one, not two UTF-16 units).</summary>
internal static class Utf32Text
{
    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    public static int Length(string s)
    {
        if (!HasSurrogates(s)) return s.Length;
        int n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    /// <summary>The UTF-16 index where code point <paramref name="index"/> starts (the length at the end).</summary>
    public static int Offset(string s, int index)
    {
        if (!HasSurrogates(s)) return Math.Min(index, s.Length);
        int i = 0;
        for (int k = 0; k < index && i < s.Length; k++) i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }

    /// <summary>DuckDB's <c>substring(s, start, length)</c>: 1-based; a negative start counts from the end, start 0 is
    /// one before the first character, a negative length takes characters before the start.</summary>
    public static string Substring(string s, long offset, long length)
    {
        long size = Length(s);
        long start, end;
        if (length == 0) return "";
        if (offset > 0) start = Math.Min(size, offset - 1);
        else if (offset < 0) start = Math.Max(size + offset, 0);
        else
        {
            start = 0;
            length--;
            if (length <= 0) return "";
        }
        if (length > 0) end = Math.Min(size, start + length);
        else
        {
            end = start;
            start = Math.Max(0, start + length);
        }
        if (start >= end) return "";
        int a = Offset(s, (int)start), b = Offset(s, (int)end);
        return s[a..b];
    }

    /// <summary>Whether <paramref name="c"/> is a space separator (Unicode Zs), which DuckDB's trim removes.</summary>
    public static bool IsSpace(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;
}
