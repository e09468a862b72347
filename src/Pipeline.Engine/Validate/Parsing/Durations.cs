using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Engine.Validate.Parsing;

/// <summary>Durations written as number-unit pairs: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>, <c>1d12h</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^\s*(?:(\d+(?:\.\d+)?)\s*([smhdw])\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>The duration, or null when the text is not one.</summary>
    public static TimeSpan? TryParse(string text)
    {
        var m = Shape().Match(text);
        if (!m.Success) return null;
        double seconds = 0;
        for (int i = 0; i < m.Groups[1].Captures.Count; i++)
        {
            double n = double.Parse(m.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
            seconds += n * m.Groups[2].Captures[i].Value switch { "s" => 1, "m" => 60, "h" => 3600, "d" => 86400, _ => 604800 };
        }
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>The text <see cref="TryParse"/> reads back as <paramref name="span"/>: whole days, hours, minutes and
    /// seconds (<c>1d12h</c>), with fractional seconds where the span has them.</summary>
    public static string Format(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(span), span, "a duration is positive");
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        double seconds = span.TotalSeconds - Math.Floor(span.TotalMinutes) * 60;
        if (seconds > 0) parts.Add($"{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
        return string.Concat(parts);
    }
}
