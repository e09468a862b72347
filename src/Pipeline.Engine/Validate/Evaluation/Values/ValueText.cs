using System.Globalization;

namespace Pipeline.Engine.Validate.Evaluation.Values;

/// <summary>How rule results show a value (reasons, examples, key examples): numbers round-trippable, text quoted,
/// times as ISO 8601 UTC.</summary>
internal static class ValueText
{
    /// <summary>A number (<c>1.5</c>, <c>NaN</c>).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Text in single quotes.</summary>
    public static string Text(string value) => "'" + value + "'";

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Microseconds since the Unix epoch as <c>2024-01-31T12:00:00Z</c> (fractions only when present).</summary>
    public static string Time(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
