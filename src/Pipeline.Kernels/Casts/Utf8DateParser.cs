namespace Pipeline.Kernels.Casts;

/// <summary>Parses calendar dates in the layouts of <see cref="DateFormats"/> into days since 1970-01-01 (Arrow date32).</summary>
public static class Utf8DateParser
{
    /// <summary>
    /// Parses <paramref name="text"/> (surrounding spaces ignored) as a date in one of the <paramref name="allowed"/> layouts.
    /// <paramref name="matched"/> receives every allowed layout the text fits; <paramref name="days"/> is the value
    /// under the preferred one (<see cref="DateFormatInfo.Preferred"/>). Invalid calendar dates (2023-02-29, month 13) fail.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, DateFormats allowed, out int days, out DateFormats matched)
    {
        text = Utf8Text.TrimSpaces(text);
        int consumed = TryParsePrefix(text, allowed, out days, out matched);
        if (consumed == text.Length && consumed > 0) return true;
        days = 0;
        matched = DateFormats.None;
        return false;
    }

    /// <summary>
    /// Parses a date at the start of <paramref name="text"/> (no trimming); returns the bytes consumed, 0 when no
    /// allowed layout fits. Used by the timestamp parser for its date part.
    /// </summary>
    public static int TryParsePrefix(ReadOnlySpan<byte> text, DateFormats allowed, out int days, out DateFormats matched)
    {
        days = 0;
        matched = DateFormats.None;
        int n1 = Utf8Text.ReadDigits(text, 0, 4, out int a);
        if (n1 == 0 || n1 >= text.Length) return 0;
        byte sep = text[n1];
        if (sep != '-' && sep != '/' && sep != '.') return 0;
        int n2 = Utf8Text.ReadDigits(text, n1 + 1, 2, out int b);
        if (n2 == 0 || n1 + 1 + n2 >= text.Length || text[n1 + 1 + n2] != sep) return 0;
        int p3 = n1 + 1 + n2 + 1;
        int n3 = Utf8Text.ReadDigits(text, p3, 4, out int c);
        if (n3 == 0) return 0;
        int end = p3 + n3;
        if (end < text.Length && (uint)(text[end] - '0') <= 9) return 0; // more digits than a date part holds

        DateFormats fits = DateFormats.None;
        if (n1 == 4)
        {
            // Year first: ISO requires two-digit month and day; the slashed variant tolerates one digit.
            if (sep == '-' && n2 == 2 && n3 == 2 && IsValid(a, b, c)) fits |= DateFormats.IsoDash;
            if (sep == '/' && IsValid(a, b, c) && n3 <= 2) fits |= DateFormats.YearSlash;
        }
        else if (n3 == 4 && n1 <= 2)
        {
            if (sep == '/')
            {
                if (IsValid(c, a, b)) fits |= DateFormats.MonthDayYearSlash;
                if (IsValid(c, b, a)) fits |= DateFormats.DayMonthYearSlash;
            }
            else if (sep == '.' && IsValid(c, b, a)) fits |= DateFormats.DayMonthYearDot;
        }
        fits &= allowed;
        if (fits == DateFormats.None) return 0;
        matched = fits;
        days = DateFormatInfo.Preferred(fits) switch
        {
            DateFormats.IsoDash or DateFormats.YearSlash => DaysFromCivil(a, b, c),
            DateFormats.MonthDayYearSlash => DaysFromCivil(c, a, b),
            _ => DaysFromCivil(c, b, a),
        };
        return end;
    }

    /// <summary>True when year/month/day name a real Gregorian date (year 1 to 9999).</summary>
    public static bool IsValid(int year, int month, int day)
    {
        if (year < 1 || year > 9999 || (uint)(month - 1) > 11 || day < 1) return false;
        if (day <= 28) return true; // every month has 28 days: skip the table for most dates
        int max = DaysInMonth[month];
        if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) max = 29;
        return day <= max;
    }

    private static ReadOnlySpan<byte> DaysInMonth => [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Days since 1970-01-01 of a valid proleptic Gregorian date (Howard Hinnant's days_from_civil:
    /// branch-light integer arithmetic, no DateTime construction on the hot path).</summary>
    public static int DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        int era = (year >= 0 ? year : year - 399) / 400;
        int yoe = year - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
