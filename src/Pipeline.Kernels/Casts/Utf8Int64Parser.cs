using System.Buffers.Text;

namespace Pipeline.Kernels.Casts;

/// <summary>Parses whole numbers written in plain decimal: optional sign, digits, optional surrounding spaces.</summary>
public static class Utf8Int64Parser
{
    /// <summary>Parses <paramref name="text"/> as a 64-bit integer. Fails on overflow, on an empty value, on
    /// anything but digits after the sign (no thousands separators, no decimal point, no exponent).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long value)
    {
        text = Utf8Text.TrimSpaces(text);
        value = 0;
        if (text.IsEmpty) return false;
        // Utf8Parser accepts a leading '-' but not '+'; a '+' sign is common in exports of signed deltas.
        if (text[0] == (byte)'+')
        {
            text = text[1..];
            if (text.IsEmpty || text[0] == (byte)'-' || text[0] == (byte)'+') return false;
        }
        return Utf8Parser.TryParse(text, out value, out int consumed) && consumed == text.Length;
    }
}
