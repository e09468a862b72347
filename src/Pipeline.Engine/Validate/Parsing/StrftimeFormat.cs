using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Validate.Parsing;

/// <summary>
/// Translates strftime-style formats (<c>%Y-%m-%d %H:%M:%S</c>), which rule authors know from SQL and Python, into
/// .NET exact-parse formats. Supported: <c>%Y %y %m %d %e %H %I %M %S %f %p %b %B %a %A %z %j %%</c>; every other
/// character is a literal.
/// </summary>
public static class StrftimeFormat
{
    /// <summary>The .NET format for <paramref name="strftime"/>.</summary>
    /// <exception cref="FormatException">An unknown or dangling <c>%</c> directive.</exception>
    public static string ToDotNet(string strftime)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < strftime.Length; i++)
        {
            char c = strftime[i];
            if (c != '%')
            {
                // Escape every literal: letters such as 'T' would otherwise be read as .NET format specifiers.
                sb.Append('\\').Append(c);
                continue;
            }
            if (++i == strftime.Length) throw new FormatException($"format '{strftime}' ends with a lone '%'");
            sb.Append(strftime[i] switch
            {
                'Y' => "yyyy", 'y' => "yy", 'm' => "MM", 'd' => "dd", 'e' => "%d", 'H' => "HH", 'I' => "hh", 'M' => "mm",
                'S' => "ss", 'f' => "ffffff", 'p' => "tt", 'b' => "MMM", 'B' => "MMMM", 'a' => "ddd", 'A' => "dddd",
                'z' => "zzz", '%' => "\\%",
                'j' => throw new FormatException($"format '{strftime}': %j (day of year) cannot be checked; use %m and %d"),
                var d => throw new FormatException($"format '{strftime}': unknown directive '%{d}' (known: %Y %y %m %d %e %H %I %M %S %f %p %b %B %a %A %z %%)"),
            });
        }
        return sb.ToString();
    }

    /// <summary>Whether <paramref name="text"/> parses exactly with a .NET format from <see cref="ToDotNet"/>.</summary>
    public static bool Matches(string text, string dotNetFormat)
        => DateTime.TryParseExact(text, dotNetFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
