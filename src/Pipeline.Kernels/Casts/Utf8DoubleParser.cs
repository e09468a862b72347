using System.Globalization;

namespace Pipeline.Kernels.Casts;

/// <summary>
/// Parses floating-point numbers: optional sign, digits with an optional '.', optional exponent, optional spaces
/// around. Policy for non-finite values: <c>nan</c>, <c>inf</c>, <c>infinity</c> (any ASCII case, with a sign for the
/// infinities) are accepted and flagged as special, so type inference can refuse to call a column numeric on their
/// say-so alone. Thousands separators and hexadecimal are rejected.
/// </summary>
public static class Utf8DoubleParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="isSpecial"/> is true for NaN and the infinities.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value, out bool isSpecial)
    {
        text = Utf8Text.TrimSpaces(text);
        isSpecial = false;
        value = 0;
        if (text.IsEmpty) return false;
        byte first = text[0];
        // Fast reject for text that cannot start a number; keeps string columns cheap to check.
        if (!IsDigit(first) && first != '-' && first != '+' && first != '.')
            return TrySpecial(text, 1, out value, out isSpecial);
        if ((first == '-' || first == '+') && text.Length > 1 && !IsDigit(text[1]) && text[1] != '.')
            return TrySpecial(text[1..], first == '-' ? -1 : 1, out value, out isSpecial);
        // NumberStyles.Float: sign, decimal point, exponent, surrounding white; no thousands, no currency, no hex.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses <paramref name="text"/> as a double, accepting the special values too.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) => TryParse(text, out value, out _);

    private static bool TrySpecial(ReadOnlySpan<byte> word, int sign, out double value, out bool isSpecial)
    {
        isSpecial = true;
        if (Utf8Text.EqualsIgnoreAsciiCase(word, "nan"u8) && sign == 1) { value = double.NaN; return true; }
        if (Utf8Text.EqualsIgnoreAsciiCase(word, "inf"u8) || Utf8Text.EqualsIgnoreAsciiCase(word, "infinity"u8))
        {
            value = sign < 0 ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        isSpecial = false;
        value = 0;
        return false;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
