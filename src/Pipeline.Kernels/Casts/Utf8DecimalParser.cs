namespace Pipeline.Kernels.Casts;

/// <summary>
/// Parses exact decimals (<c>-12.50</c>) into an unscaled 128-bit integer at a fixed scale, the representation of
/// Arrow's decimal128: <c>12.5</c> at scale 2 is <c>1250</c>. No exponent, no thousands separators; surrounding
/// spaces are ignored. Fraction digits beyond the scale must be zeros (no silent rounding), and at most 38 digits
/// fit (decimal128's precision).
/// </summary>
public static class Utf8DecimalParser
{
    /// <summary>The largest precision decimal128 holds.</summary>
    public const int MaxPrecision = 38;

    private static readonly Int128 Limit = Pow10(MaxPrecision);

    /// <summary>Parses <paramref name="text"/> at <paramref name="scale"/> (0 to 38).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, int scale, out Int128 unscaled)
    {
        unscaled = 0;
        text = Utf8Text.TrimSpaces(text);
        if (text.IsEmpty || (uint)scale > MaxPrecision) return false;
        bool negative = text[0] == '-';
        if (text[0] == '-' || text[0] == '+') text = text[1..];
        Int128 value = 0;
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false, any = false;
        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d <= 9)
            {
                any = true;
                if (seenPoint && fractionDigits >= scale)
                {
                    if (d != 0) return false; // more precision than the column holds
                    continue;
                }
                if (value != 0 || d != 0) digits++;
                if (digits > MaxPrecision) return false;
                value = value * 10 + d;
                if (seenPoint) fractionDigits++;
            }
            else if (b == '.' && !seenPoint) seenPoint = true;
            else return false;
        }
        if (!any) return false;
        for (int i = fractionDigits; i < scale; i++)
        {
            // Check before multiplying: 10^39 would overflow Int128 and wrap around.
            if (value >= Limit / 10) return false;
            value *= 10;
        }
        if (value >= Limit) return false;
        unscaled = negative ? -value : value;
        return true;
    }

    /// <summary>Digits after the decimal point of a plain number (0 when there is no point).</summary>
    public static int FractionDigits(ReadOnlySpan<byte> text)
    {
        text = Utf8Text.TrimSpaces(text);
        int point = text.IndexOf((byte)'.');
        if (point < 0) return 0;
        int n = 0;
        for (int i = point + 1; i < text.Length && (uint)(text[i] - '0') <= 9; i++) n++;
        return n;
    }

    private static Int128 Pow10(int n)
    {
        Int128 v = 1;
        for (int i = 0; i < n; i++) v *= 10;
        return v;
    }
}
