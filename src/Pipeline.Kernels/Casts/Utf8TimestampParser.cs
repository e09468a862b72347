namespace Pipeline.Kernels.Casts;

/// <summary>
/// Parses date-times: a date (any <see cref="DateFormats"/> layout), <c>T</c> or one space, <c>HH:mm</c> with optional
/// <c>:ss</c> and fraction (any number of digits; digits past microseconds are truncated), then optionally <c>Z</c>
/// or an offset <c>±HH:mm</c>, <c>±HHmm</c>, <c>±HH</c>. The result is microseconds since the Unix epoch in UTC:
/// an offset is subtracted; a value without one is taken as UTC already.
/// </summary>
public static class Utf8TimestampParser
{
    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerDay = 86_400 * MicrosPerSecond;

    /// <summary>Parses <paramref name="text"/> (surrounding spaces ignored). A bare date is not a timestamp here.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, DateFormats allowedDates, out long microseconds, out TimestampShape shape)
    {
        text = Utf8Text.TrimSpaces(text);
        microseconds = 0;
        shape = default;
        int pos = Utf8DateParser.TryParsePrefix(text, allowedDates, out int days, out var layouts);
        if (pos == 0 || pos >= text.Length) return false;
        byte sep = text[pos];
        if (sep != 'T' && sep != ' ' && sep != 't') return false;
        pos++;

        if (Utf8Text.ReadDigits(text, pos, 2, out int hour) != 2 || hour > 23) return false;
        pos += 2;
        if (pos >= text.Length || text[pos] != ':') return false;
        if (Utf8Text.ReadDigits(text, pos + 1, 2, out int minute) != 2 || minute > 59) return false;
        pos += 3;

        int second = 0, fractionDigits = 0;
        long fractionMicros = 0;
        bool hasSeconds = false;
        if (pos < text.Length && text[pos] == ':')
        {
            // 60 is accepted as a leap second and folds into the next minute, as most engines do.
            if (Utf8Text.ReadDigits(text, pos + 1, 2, out second) != 2 || second > 60) return false;
            hasSeconds = true;
            pos += 3;
            if (pos < text.Length && (text[pos] == '.' || text[pos] == ','))
            {
                pos++;
                int start = pos;
                while (pos < text.Length && (uint)(text[pos] - '0') <= 9)
                {
                    if (pos - start < 6) fractionMicros = fractionMicros * 10 + (text[pos] - '0');
                    pos++;
                }
                fractionDigits = pos - start;
                if (fractionDigits == 0) return false;
                for (int i = fractionDigits; i < 6; i++) fractionMicros *= 10;
            }
        }

        long offsetMinutes = 0;
        bool hasOffset = false;
        if (pos < text.Length)
        {
            byte z = text[pos];
            if ((z == 'Z' || z == 'z') && pos + 1 == text.Length) { hasOffset = true; pos++; }
            else if (z == '+' || z == '-')
            {
                if (Utf8Text.ReadDigits(text, pos + 1, 2, out int oh) != 2 || oh > 18) return false;
                int p = pos + 3, om = 0;
                if (p < text.Length && text[p] == ':') p++;
                if (p < text.Length)
                {
                    if (Utf8Text.ReadDigits(text, p, 2, out om) != 2 || om > 59) return false;
                    p += 2;
                }
                offsetMinutes = (oh * 60 + om) * (z == '-' ? -1 : 1);
                hasOffset = true;
                pos = p;
            }
            if (pos != text.Length) return false;
        }

        microseconds = days * MicrosPerDay
                       + ((hour * 60L + minute - offsetMinutes) * 60 + second) * MicrosPerSecond
                       + fractionMicros;
        shape = new TimestampShape(layouts, sep != ' ', hasSeconds, fractionDigits, hasOffset);
        return true;
    }

    /// <summary>The .NET-style pattern describing values of this shape, e.g. <c>yyyy-MM-ddTHH:mm:ss.ffffffK</c>.</summary>
    public static string Pattern(TimestampShape shape)
    {
        var date = DateFormatInfo.Pattern(shape.DateLayouts);
        var time = shape.HasSeconds ? "HH:mm:ss" : "HH:mm";
        var fraction = shape.FractionDigits > 0 ? "." + new string('f', Math.Min(shape.FractionDigits, 7)) : "";
        return date + (shape.TSeparator ? "'T'" : " ") + time + fraction + (shape.HasOffset ? "K" : "");
    }
}
