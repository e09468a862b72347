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
}
