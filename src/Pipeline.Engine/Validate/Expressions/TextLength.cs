namespace Pipeline.Engine.Validate.Expressions;

/// <summary>The length of text as rules and expressions see it: Unicode characters (code points), as SQL engines
/// and Python count, not UTF-16 code units (an emoji is one character, not two).</summary>
internal static class TextLength
{
    /// <summary>Code points in <paramref name="s"/> (a lone surrogate counts as one).</summary>
    public static int Of(string s)
    {
        int length = s.Length;
        for (int i = 0; i + 1 < s.Length; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { length--; i++; }
        return length;
    }
}
