using System.Globalization;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Text;

/// <summary>
/// ISO 8601 text for Arrow dates and timestamps, computed from the raw integer so nothing is rounded or clamped:
/// nanoseconds keep nine digits, and years outside 0001–9999 (which .NET's DateTime cannot hold) are written with the
/// expanded-year form <c>+12345-01-01</c> / <c>-0042-03-01</c> instead of being silently clamped.
/// </summary>
public static class IsoTemporalText
{
    /// <summary>A date from days since 1970-01-01.</summary>
    public static string Date(long daysSinceEpoch)
    {
        var (y, m, d) = CivilFromDays(daysSinceEpoch);
        return $"{Year(y)}-{m:00}-{d:00}";
    }

    /// <summary>A timestamp from its raw value; <paramref name="utc"/> appends <c>Z</c> (the type has a time zone, values are UTC).</summary>
    public static string Timestamp(long value, TimeUnit unit, bool utc)
    {
        long perSecond = unit switch { TimeUnit.Second => 1, TimeUnit.Millisecond => 1_000, TimeUnit.Microsecond => 1_000_000, _ => 1_000_000_000 };
        long perDay = perSecond * 86_400;
        long days = Math.DivRem(value, perDay, out long rest);
        if (rest < 0) { rest += perDay; days--; }
        long seconds = Math.DivRem(rest, perSecond, out long fraction);
        var text = $"{Date(days)}T{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}";
        if (fraction != 0)
        {
            int digits = unit switch { TimeUnit.Millisecond => 3, TimeUnit.Microsecond => 6, _ => 9 };
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        }
        return utc ? text + "Z" : text;
    }

    private static string Year(long y)
        => y is >= 0 and <= 9999 ? y.ToString("0000", CultureInfo.InvariantCulture)
            : (y < 0 ? "-" : "+") + Math.Abs(y).ToString("0000", CultureInfo.InvariantCulture);

    // Howard Hinnant's civil_from_days: exact for every day count a long can hold without overflow here.
    private static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int)(doy - (153 * mp + 2) / 5 + 1);
        int m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }
}
