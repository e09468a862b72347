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
        if (TryParseSimpleDecimal(text, out value)) return true;
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

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    // Clinger's fast path for the common shape [-+]digits[.digits] with at most 15 significant digits: the digits
    // form an integer below 2^53 and the power of ten is exact, so one IEEE division is correctly rounded and the
    // result equals what the general parser returns, at a fraction of its cost.
    private static bool TryParseSimpleDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text[0] == '-' || text[0] == '+') { negative = text[0] == '-'; i = 1; }
        long mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false;
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d <= 9)
            {
                if (digits > 0 || d != 0) digits++;
                if (digits > 15) return false;
                mantissa = mantissa * 10 + d;
                if (seenPoint) fractionDigits++;
            }
            else if (text[i] == '.' && !seenPoint) seenPoint = true;
            else return false;
        }
        int start = text[0] == '-' || text[0] == '+' ? 1 : 0;
        // At least one digit, and not a lone '.' (".5" and "5." are fine).
        if (text.Length - start == (seenPoint ? 1 : 0) || fractionDigits >= PowersOfTen.Length) return false;
        double result = fractionDigits == 0 ? mantissa : mantissa / PowersOfTen[fractionDigits];
        value = negative ? -result : result;
        return true;
    }
}
