using System.Globalization;
using System.Text;
using Pipeline.Engine.Expressions.Evaluation;
using Calendar = Pipeline.Engine.Expressions.Evaluation.Calendar;

namespace Pipeline.Engine.Expressions.Functions;

/// <summary>
/// strftime / strptime format strings with DuckDB's % codes: <c>%Y %y %m %d %e %H %I %M %S %f %g %p %b %B %a %A %j
/// %w %u %z %Z %%</c>, and the <c>%-m</c> forms without padding. Parsing accepts numbers without their padding, a
/// space in the format matches any run of spaces, and <c>%z</c> moves the value to UTC.
/// </summary>
internal static class DateFormat
{
    /// <summary>A literal run of text (<see cref="Code"/> 0) or one code, with whether it is unpadded (<c>%-d</c>).</summary>
    public readonly record struct Item(char Code, string Literal, bool Unpadded);

    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] Days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    /// <exception cref="ExpressionException">An unknown code or a lone % at the end.</exception>
    public static Item[] Compile(string format)
    {
        var items = new List<Item>();
        var literal = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%') { literal.Append(format[i]); continue; }
            bool unpadded = i + 1 < format.Length && format[i + 1] == '-';
            if (unpadded) i++;
            if (i + 1 >= format.Length) throw new ExpressionException($"format '{format}' ends with a lone '%'", 1);
            char code = format[++i];
            if (code == '%') { literal.Append('%'); continue; }
            if (!"YymdeHIMSfgpbBaAjwuzZ".Contains(code)) throw new ExpressionException($"format '{format}' has unknown code '%{code}'", 1);
            if (literal.Length > 0) { items.Add(new Item('\0', literal.ToString(), false)); literal.Clear(); }
            items.Add(new Item(code, "", unpadded));
        }
        if (literal.Length > 0) items.Add(new Item('\0', literal.ToString(), false));
        return [.. items];
    }

    public static string Format(Item[] items, long micros)
    {
        var d = Calendar.DateOfTimestamp(micros);
        long t = Calendar.MicrosOfDay(micros);
        int hour = (int)(t / 3_600_000_000L), minute = (int)(t / 60_000_000L % 60), second = (int)(t / 1_000_000L % 60), frac = (int)(t % 1_000_000L);
        var sb = new StringBuilder();
        foreach (var it in items)
        {
            string Num(int v, int width) => it.Unpadded ? v.ToString(CultureInfo.InvariantCulture) : v.ToString(new string('0', width), CultureInfo.InvariantCulture);
            sb.Append(it.Code switch
            {
                '\0' => it.Literal,
                'Y' => d.Year.ToString(CultureInfo.InvariantCulture),
                'y' => Num(d.Year % 100, 2),
                'm' => Num(d.Month, 2),
                'd' => Num(d.Day, 2),
                'e' => d.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'H' => Num(hour, 2),
                'I' => Num(hour % 12 == 0 ? 12 : hour % 12, 2),
                'M' => Num(minute, 2),
                'S' => Num(second, 2),
                'f' => frac.ToString("000000", CultureInfo.InvariantCulture),
                'g' => (frac / 1000).ToString("000", CultureInfo.InvariantCulture),
                'p' => hour < 12 ? "AM" : "PM",
                'b' => Months[d.Month - 1][..3],
                'B' => Months[d.Month - 1],
                'a' => Days[(int)d.DayOfWeek][..3],
                'A' => Days[(int)d.DayOfWeek],
                'j' => Num(d.DayOfYear, 3),
                'w' => ((int)d.DayOfWeek).ToString(CultureInfo.InvariantCulture),
                'u' => Calendar.IsoDayOfWeek(d).ToString(CultureInfo.InvariantCulture),
                _ => "", // %z / %Z: values are UTC without a zone of their own
            });
        }
        return sb.ToString();
    }

    public static bool TryParse(Item[] items, string s, out long micros)
    {
        micros = 0;
        int i = 0;
        long year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, frac = 0, doy = -1, offsetMinutes = 0;
        int pm = -1;
        foreach (var it in items)
        {
            switch (it.Code)
            {
                case '\0':
                    foreach (char ch in it.Literal)
                    {
                        if (char.IsWhiteSpace(ch)) { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; continue; }
                        if (i >= s.Length || s[i] != ch) return false;
                        i++;
                    }
                    break;
                case 'Y': if (!Number(s, ref i, 1, 4, out year)) return false; break;
                case 'y': if (!Number(s, ref i, 1, 2, out year)) return false; year += year < 69 ? 2000 : 1900; break;
                case 'm': if (!Number(s, ref i, 1, 2, out month)) return false; break;
                case 'd' or 'e': while (i < s.Length && s[i] == ' ') i++; if (!Number(s, ref i, 1, 2, out day)) return false; break;
                case 'H' or 'I': if (!Number(s, ref i, 1, 2, out hour)) return false; break;
                case 'M': if (!Number(s, ref i, 1, 2, out minute)) return false; break;
                case 'S': if (!Number(s, ref i, 1, 2, out second)) return false; break;
                case 'f' or 'g':
                {
                    int start = i;
                    if (!Number(s, ref i, 1, it.Code == 'g' ? 3 : 6, out frac)) return false;
                    for (int k = i - start; k < 6; k++) frac *= 10;
                    break;
                }
                case 'j': if (!Number(s, ref i, 1, 3, out doy)) return false; break;
                case 'p':
                    if (i + 2 > s.Length) return false;
                    var ampm = s.Substring(i, 2).ToUpperInvariant();
                    if (ampm is not ("AM" or "PM")) return false;
                    pm = ampm == "PM" ? 1 : 0;
                    i += 2;
                    break;
                case 'b' or 'B': if (!Name(s, ref i, Months, out var mi)) return false; month = mi + 1; break;
                case 'a' or 'A': if (!Name(s, ref i, Days, out _)) return false; break;
                case 'w' or 'u': if (!Number(s, ref i, 1, 1, out _)) return false; break;
                case 'z':
                    if (i < s.Length && s[i] is 'Z' or 'z') { i++; break; }
                    if (i >= s.Length || s[i] is not ('+' or '-')) return false;
                    {
                        int sign = s[i++] == '-' ? -1 : 1;
                        if (!Number(s, ref i, 2, 2, out var oh)) return false;
                        long om = 0;
                        if (i < s.Length && s[i] == ':') i++;
                        if (i < s.Length && char.IsAsciiDigit(s[i]) && !Number(s, ref i, 2, 2, out om)) return false;
                        offsetMinutes = sign * (oh * 60 + om);
                    }
                    break;
                default: // %Z: a zone name, read up to the next space
                    while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                    break;
            }
        }
        if (i != s.Length) return false;
        if (pm >= 0)
        {
            if (hour is < 1 or > 12) return false;
            hour = hour % 12 + (pm == 1 ? 12 : 0);
        }
        if (year is < 1 or > 9999 || hour > 23 || minute > 59 || second > 59) return false;
        DateOnly date;
        if (doy >= 0)
        {
            if (doy < 1 || doy > (DateTime.IsLeapYear((int)year) ? 366 : 365)) return false;
            date = new DateOnly((int)year, 1, 1).AddDays((int)doy - 1);
        }
        else
        {
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth((int)year, (int)month)) return false;
            date = new DateOnly((int)year, (int)month, (int)day);
        }
        micros = Calendar.FromDate(date) * Calendar.MicrosPerDay + ((hour * 60 + minute - offsetMinutes) * 60 + second) * Calendar.MicrosPerSecond + frac;
        return true;
    }

    private static bool Number(string s, ref int i, int min, int max, out long value)
    {
        value = 0;
        int start = i;
        while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return i - start >= min;
    }

    /// <summary>A month or day name, full or its first three letters, any case.</summary>
    private static bool Name(string s, ref int i, string[] names, out int index)
    {
        for (index = 0; index < names.Length; index++)
        {
            var full = names[index];
            if (string.Compare(s, i, full, 0, full.Length, StringComparison.OrdinalIgnoreCase) == 0) { i += full.Length; return true; }
        }
        for (index = 0; index < names.Length; index++)
            if (string.Compare(s, i, names[index], 0, 3, StringComparison.OrdinalIgnoreCase) == 0) { i += 3; return true; }
        return false;
    }
}
