namespace Pipeline.Kernels.Casts;

/// <summary>
/// The calendar date layouts the parsers recognise, as flags: a value can fit several (<c>01/02/2024</c> is both
/// month-first and day-first), and inference keeps the intersection over a column's values.
/// </summary>
[Flags]
public enum DateFormats
{
    /// <summary>No layout.</summary>
    None = 0,
    /// <summary><c>yyyy-MM-dd</c> (ISO 8601).</summary>
    IsoDash = 1,
    /// <summary><c>yyyy/MM/dd</c>.</summary>
    YearSlash = 2,
    /// <summary><c>MM/dd/yyyy</c> (US).</summary>
    MonthDayYearSlash = 4,
    /// <summary><c>dd/MM/yyyy</c>.</summary>
    DayMonthYearSlash = 8,
    /// <summary><c>dd.MM.yyyy</c> (German and others).</summary>
    DayMonthYearDot = 16,
    /// <summary>Every layout.</summary>
    All = IsoDash | YearSlash | MonthDayYearSlash | DayMonthYearSlash | DayMonthYearDot,
}

/// <summary>Names and priorities of <see cref="DateFormats"/>.</summary>
public static class DateFormatInfo
{
    /// <summary>The single preferred layout among <paramref name="candidates"/>: ISO first, and month-first before
    /// day-first when a column never disambiguates (US exports are the more common source of slashed dates).</summary>
    public static DateFormats Preferred(DateFormats candidates)
    {
        foreach (var f in (ReadOnlySpan<DateFormats>)[DateFormats.IsoDash, DateFormats.YearSlash, DateFormats.MonthDayYearSlash,
                     DateFormats.DayMonthYearSlash, DateFormats.DayMonthYearDot])
            if ((candidates & f) != 0) return f;
        return DateFormats.None;
    }

    /// <summary>The .NET-style pattern of one layout (<c>yyyy-MM-dd</c>, ...), as recorded in schema metadata.</summary>
    public static string Pattern(DateFormats format) => Preferred(format) switch
    {
        DateFormats.IsoDash => "yyyy-MM-dd",
        DateFormats.YearSlash => "yyyy/MM/dd",
        DateFormats.MonthDayYearSlash => "MM/dd/yyyy",
        DateFormats.DayMonthYearSlash => "dd/MM/yyyy",
        DateFormats.DayMonthYearDot => "dd.MM.yyyy",
        _ => "",
    };

    /// <summary>The layout named by a pattern from <see cref="Pattern"/>, or <see cref="DateFormats.None"/>.</summary>
    public static DateFormats FromPattern(string pattern) => pattern switch
    {
        "yyyy-MM-dd" => DateFormats.IsoDash,
        "yyyy/MM/dd" => DateFormats.YearSlash,
        "MM/dd/yyyy" => DateFormats.MonthDayYearSlash,
        "dd/MM/yyyy" => DateFormats.DayMonthYearSlash,
        "dd.MM.yyyy" => DateFormats.DayMonthYearDot,
        _ => DateFormats.None,
    };
}
