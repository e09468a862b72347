using Apache.Arrow.Types;

namespace Pipeline.Databases.Arrow;

/// <summary>Conversions between Arrow's integer-encoded temporal values and .NET and database representations.</summary>
internal static class ArrowTemporal
{
    /// <summary>Ticks (100 ns) per unit of an Arrow time unit; nanoseconds are handled by division.</summary>
    public static long TicksPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => TimeSpan.TicksPerSecond,
        TimeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
        TimeUnit.Microsecond => 10,
        _ => 0,
    };

    /// <summary>An Arrow timestamp value as UTC ticks since 0001-01-01.</summary>
    public static long ToUtcTicks(long value, TimeUnit unit)
        => DateTime.UnixEpoch.Ticks + (unit == TimeUnit.Nanosecond ? value / 100 : value * TicksPer(unit));

    /// <summary>An Arrow timestamp value as microseconds since the Unix epoch (what DuckDB and PostgreSQL store).</summary>
    public static long ToMicros(long value, TimeUnit unit) => unit switch
    {
        TimeUnit.Second => value * 1_000_000,
        TimeUnit.Millisecond => value * 1_000,
        TimeUnit.Microsecond => value,
        _ => value / 1_000,
    };

    /// <summary>A .NET time of day as Arrow microseconds.</summary>
    public static long TimeToMicros(long value, TimeUnit unit) => ToMicros(value, unit);

    /// <summary>UTC ticks of a <see cref="DateTime"/> as Arrow microseconds since the Unix epoch.</summary>
    public static long MicrosFromTicks(long ticks) => (ticks - DateTime.UnixEpoch.Ticks) / 10;
}
