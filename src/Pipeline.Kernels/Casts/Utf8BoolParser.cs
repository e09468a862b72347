namespace Pipeline.Kernels.Casts;

/// <summary>
/// Parses booleans. Only <c>true</c> and <c>false</c> (any ASCII case, optional surrounding spaces) are booleans:
/// <c>0</c>/<c>1</c> are integers (a 0/1 column keeps its counts and sums), and <c>yes</c>/<c>no</c>/<c>t</c>/<c>f</c>
/// are too often codes in a larger category set (<c>y/n/maybe</c>, grades <c>A..F</c>) to reinterpret silently.
/// </summary>
public static class Utf8BoolParser
{
    /// <summary>Parses <paramref name="text"/> as a boolean.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out bool value)
    {
        text = Utf8Text.TrimSpaces(text);
        if (Utf8Text.EqualsIgnoreAsciiCase(text, "true"u8)) { value = true; return true; }
        if (Utf8Text.EqualsIgnoreAsciiCase(text, "false"u8)) { value = false; return true; }
        value = false;
        return false;
    }
}
