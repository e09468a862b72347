using System.Globalization;

namespace Pipeline.Engine.Document;

/// <summary>Number and duration formatting for report text: invariant culture always, so the same run gives the same bytes.</summary>
public static class ReportText
{
    /// <summary>A count with thousands separators (1,035).</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count and a noun, singular for one (1 row, 2 rows).</summary>
    public static string Count(long value, string noun) => $"{Count(value)} {noun}{(value == 1 ? "" : "s")}";

    /// <summary>A percentage with one decimal (50.4%).</summary>
    public static string Pct(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with up to <paramref name="digits"/> significant decimals, thousands separators for large values.</summary>
    public static string Num(double value, int digits = 3)
    {
        if (double.IsNaN(value)) return "n/a";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        if (Math.Abs(value) >= 1000) return value.ToString("#,0.##", CultureInfo.InvariantCulture);
        return Math.Round(value, digits).ToString("0." + new string('#', digits), CultureInfo.InvariantCulture);
    }

    /// <summary>A number as YAML/expression text: no thousands separators, at most 4 decimals.</summary>
    public static string Plain(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A signed correlation (+0.39, -0.24).</summary>
    public static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A duration in words from ticks (5 minutes, 1 day, 2.5 hours).</summary>
    public static string Duration(double ticks)
    {
        var span = TimeSpan.FromTicks((long)ticks);
        static string Unit(double n, string unit) => Num(n, 1) is var text && text == "1" ? $"1 {unit}" : $"{text} {unit}s";
        if (span.TotalDays >= 1) return Unit(span.TotalDays, "day");
        if (span.TotalHours >= 1) return Unit(span.TotalHours, "hour");
        if (span.TotalMinutes >= 1) return Unit(span.TotalMinutes, "minute");
        if (span.TotalSeconds >= 1) return Unit(span.TotalSeconds, "second");
        return Unit(span.TotalMilliseconds, "millisecond");
    }

    /// <summary>An instant in ticks since the Unix epoch as ISO text (UTC, minutes).</summary>
    public static string Instant(long ticks) =>
        new DateTime(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
