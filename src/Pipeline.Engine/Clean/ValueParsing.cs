using System.Globalization;
using Pipeline.Engine.Validate.Parsing;

namespace Pipeline.Engine.Clean;

/// <summary>
/// Number and date parsing for the <c>parse</c> cleaning step, with format detection: the format that parses the most
/// of a sample (ties: the earlier in the candidate list) wins.
/// </summary>
public static class ValueParsing
{
    /// <summary>Number styles: <c>plain</c> (1234.5), <c>thousands_comma</c> (1,234.5), <c>decimal_comma</c> (1.234,5 or 3,5).
    /// Currency signs, percent signs and spaces around the number are ignored in every style.</summary>
    public static IReadOnlyList<string> NumberStyles { get; } = ["plain", "thousands_comma", "decimal_comma"];

    /// <summary>Date formats tried when detecting (strftime).</summary>
    public static IReadOnlyList<string> DateFormats { get; } =
        ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%d %b %Y", "%b %d, %Y"];

    /// <summary>Parses a number in a style; null when it does not parse.</summary>
    public static double? Number(string text, string style)
    {
        var s = text.Trim().Trim('$', '€', '£', '¥', '%').Trim();
        if (s.Length == 0) return null;
        switch (style)
        {
            case "thousands_comma": s = s.Replace(",", "", StringComparison.Ordinal); break;
            case "decimal_comma": s = s.Replace(".", "", StringComparison.Ordinal).Replace(',', '.'); break;
        }
        return double.TryParse(s, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>Parses a date or timestamp with a .NET exact format; microseconds since the epoch (UTC), or null.</summary>
    public static long? Time(string text, string dotNetFormat)
        => DateTime.TryParseExact(text.Trim(), dotNetFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? (t.Ticks - DateTime.UnixEpoch.Ticks) / 10 : null;

    /// <summary>The number style of <paramref name="sample"/>: <c>decimal_comma</c> when more values have a comma
    /// that is not followed by exactly three digits (3,5 or 1.234,5) than values with one that is (1,234);
    /// <c>thousands_comma</c> when any has a three-digit group; else <c>plain</c>.</summary>
    public static string DetectNumberStyle(IReadOnlyList<string> sample)
    {
        var withComma = sample.Where(s => s.Contains(',', StringComparison.Ordinal)).ToList();
        int thousands = withComma.Count(s => ThousandsComma(s) && Number(s, "thousands_comma") is not null);
        int decimals = withComma.Count(s => !ThousandsComma(s) && Number(s, "decimal_comma") is not null);
        return decimals > thousands ? "decimal_comma" : thousands > 0 ? "thousands_comma" : "plain";
    }

    private static bool ThousandsComma(string s)
    {
        int comma = s.LastIndexOf(',');
        int digits = 0;
        for (int i = comma + 1; i < s.Length && char.IsAsciiDigit(s[i]); i++) digits++;
        return digits == 3;
    }

    /// <summary>The strftime date format that parses most of <paramref name="sample"/>, or null when none parses any.</summary>
    public static string? DetectDateFormat(IReadOnlyList<string> sample)
    {
        string? best = null;
        int bestCount = 0;
        foreach (var format in DateFormats)
        {
            var dotNet = StrftimeFormat.ToDotNet(format);
            int count = sample.Count(s => Time(s, dotNet) is not null);
            if (count > bestCount) { best = format; bestCount = count; }
        }
        return best;
    }
}
