namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Dates as days and timestamps as microseconds since 1970-01-01 (UTC), and their calendar fields.</summary>
internal static class Calendar
{
    public const long MicrosPerSecond = 1_000_000L;
    public const long MicrosPerDay = 86_400_000_000L;
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static long FloorDiv(long a, long b) => a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
    public static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;

    /// <exception cref="InvalidOperationException">Outside years 1 to 9999, which the calendar functions cover.</exception>
    public static DateOnly ToDate(long days)
    {
        long n = days + EpochDayNumber;
        if (n < DateOnly.MinValue.DayNumber || n > DateOnly.MaxValue.DayNumber)
            throw new InvalidOperationException($"date {days} days from 1970-01-01 is outside years 1 to 9999");
        return DateOnly.FromDayNumber((int)n);
    }

    public static long FromDate(DateOnly d) => d.DayNumber - EpochDayNumber;
    public static long DaysOf(long micros) => FloorDiv(micros, MicrosPerDay);
    public static long MicrosOfDay(long micros) => FloorMod(micros, MicrosPerDay);
    public static DateOnly DateOfTimestamp(long micros) => ToDate(DaysOf(micros));
    public static long Timestamp(long days, long microsOfDay) => checked(days * MicrosPerDay + microsOfDay);

    /// <summary>Monday = 1 ... Sunday = 7.</summary>
    public static int IsoDayOfWeek(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;

    /// <summary>ISO 8601 week number and week-based year.</summary>
    public static (int Year, int Week) IsoWeek(DateOnly d)
    {
        var dt = d.ToDateTime(TimeOnly.MinValue);
        return (System.Globalization.ISOWeek.GetYear(dt), System.Globalization.ISOWeek.GetWeekOfYear(dt));
    }
}
