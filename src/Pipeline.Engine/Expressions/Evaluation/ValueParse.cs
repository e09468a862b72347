using System.Globalization;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Text read as other types, as DuckDB's casts read it (surrounding spaces allowed).</summary>
internal static class ValueParse
{
    public static bool TryBool(string s, out bool value)
    {
        switch (s.Trim().ToLowerInvariant())
        {
            case "true" or "t" or "1" or "yes" or "y": value = true; return true;
            case "false" or "f" or "0" or "no" or "n": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>An integer; a number with a fraction is rounded half away from zero, as DuckDB does.</summary>
    public static bool TryLong(string s, out long value)
    {
        s = s.Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            d = Math.Round(d, MidpointRounding.AwayFromZero);
            if (d >= long.MinValue && d <= long.MaxValue) { value = (long)d; return true; }
        }
        return false;
    }

    public static bool TryDouble(string s, out double value)
    {
        s = s.Trim();
        switch (s.ToLowerInvariant())
        {
            case "inf" or "infinity" or "+inf" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
            case "nan": value = double.NaN; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryDecimal(string s, out decimal value)
        => decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary><c>yyyy-mm-dd</c> (one-digit month and day allowed).</summary>
    public static bool TryDate(string s, out long days)
    {
        days = 0;
        s = s.Trim();
        int i = 0;
        if (!TryDateAt(s, ref i, out days)) return false;
        return i == s.Length;
    }

    /// <summary>A date, optionally followed by <c>[T| ]hh:mm[:ss[.ffffff]]</c> and a UTC offset (<c>Z</c>, <c>+hh[:mm]</c>)
    /// that the value is moved to UTC by.</summary>
    public static bool TryTimestamp(string s, out long micros)
    {
        micros = 0;
        s = s.Trim();
        int i = 0;
        if (!TryDateAt(s, ref i, out var days)) return false;
        long time = 0;
        if (i < s.Length && (s[i] == ' ' || s[i] == 'T'))
        {
            i++;
            if (!Number(s, ref i, 2, out var h) || !Char(s, ref i, ':') || !Number(s, ref i, 2, out var m)) return false;
            long sec = 0, frac = 0;
            if (Char(s, ref i, ':'))
            {
                if (!Number(s, ref i, 2, out sec)) return false;
                if (Char(s, ref i, '.'))
                {
                    int start = i;
                    if (!Number(s, ref i, 9, out frac)) return false;
                    int digits = i - start;
                    for (; digits < 6; digits++) frac *= 10;
                    for (; digits > 6; digits--) frac /= 10;
                }
            }
            if (h > 24 || m > 59 || sec > 59) return false;
            time = ((h * 60 + m) * 60 + sec) * Calendar.MicrosPerSecond + frac;
            while (i < s.Length && s[i] == ' ') i++;
            if (i < s.Length)
            {
                if (s[i] is 'Z' or 'z') i++;
                else if (s[i] is '+' or '-')
                {
                    int sign = s[i] == '-' ? -1 : 1;
                    i++;
                    if (!Number(s, ref i, 2, out var oh)) return false;
                    long om = 0;
                    Char(s, ref i, ':');
                    if (i < s.Length) Number(s, ref i, 2, out om);
                    time -= sign * (oh * 60 + om) * 60 * Calendar.MicrosPerSecond;
                }
            }
        }
        if (i != s.Length) return false;
        micros = days * Calendar.MicrosPerDay + time;
        return true;
    }

    private static bool TryDateAt(string s, ref int i, out long days)
    {
        days = 0;
        if (!Number(s, ref i, 4, out var y) || !Char(s, ref i, '-') || !Number(s, ref i, 2, out var m) || !Char(s, ref i, '-') || !Number(s, ref i, 2, out var d))
            return false;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth((int)y, (int)m)) return false;
        days = Calendar.FromDate(new DateOnly((int)y, (int)m, (int)d));
        return true;
    }

    private static bool Number(string s, ref int i, int maxDigits, out long value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && i - start < maxDigits && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return i > start;
    }

    private static bool Char(string s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c) { i++; return true; }
        return false;
    }
}
