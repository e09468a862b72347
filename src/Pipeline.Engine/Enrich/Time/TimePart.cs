using Apache.Arrow.Types;

namespace Pipeline.Engine.Enrich.Time;

/// <summary>A calendar part of a local time, added as the column <c>COLUMN_NAME</c>.</summary>
/// <param name="Name">The part's name in <c>parts:</c>.</param>
/// <param name="Type">Its Arrow type.</param>
/// <param name="Of">Computes it from the local date and the time of day in microseconds.</param>
public sealed record TimePart(string Name, IArrowType Type, Func<DateOnly, long, int> Of)
{
    private const int UnixEpochDayNumber = 719162; // DateOnly(1970, 1, 1).DayNumber

    private static readonly TimePart[] All =
    [
        new("year", Int32Type.Default, (d, _) => d.Year),
        new("quarter", Int32Type.Default, (d, _) => (d.Month + 2) / 3),
        new("month", Int32Type.Default, (d, _) => d.Month),
        new("day", Int32Type.Default, (d, _) => d.Day),
        new("day_of_year", Int32Type.Default, (d, _) => d.DayOfYear),
        new("weekday", Int32Type.Default, (d, _) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek),
        new("iso_week", Int32Type.Default, (d, _) => System.Globalization.ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue))),
        new("iso_year", Int32Type.Default, (d, _) => System.Globalization.ISOWeek.GetYear(d.ToDateTime(TimeOnly.MinValue))),
        new("hour", Int32Type.Default, (_, us) => (int)(us / 3_600_000_000L)),
        new("minute", Int32Type.Default, (_, us) => (int)(us / 60_000_000L % 60)),
        new("date", Date32Type.Default, (d, _) => d.DayNumber - UnixEpochDayNumber),
    ];

    /// <summary>Every part name, for messages.</summary>
    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>The part named <paramref name="name"/>, or null.</summary>
    public static TimePart? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
