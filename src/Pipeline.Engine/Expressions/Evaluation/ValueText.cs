using System.Globalization;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Values as DuckDB prints them when cast to text.</summary>
internal static class ValueText
{
    /// <summary>Shortest round-trip digits; fixed notation for decimal exponents -5..15 (with ".0" when integral), else
    /// <c>1.5e+20</c>, as DuckDB (and Python's repr) writes doubles.</summary>
    public static string Double(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";
        var r = x.ToString("E16", CultureInfo.InvariantCulture);
        // Shortest digits that round-trip, then place the decimal point ourselves.
        var shortest = x.ToString("R", CultureInfo.InvariantCulture);
        int exponent = int.Parse(r[(r.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        string digits = Digits(shortest);
        string sign = x < 0 ? "-" : "";
        if (exponent is >= -5 and < 16)
        {
            if (exponent >= 0)
            {
                string whole = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                string frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                return sign + whole + "." + frac;
            }
            return sign + "0." + new string('0', -exponent - 1) + digits;
        }
        string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The significant digits of a round-trip string, without sign, point, exponent or leading/trailing zeros.</summary>
    private static string Digits(string roundTrip)
    {
        int e = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? roundTrip : roundTrip[..e];
        var d = mantissa.Replace("-", "").Replace(".", "").TrimStart('0').TrimEnd('0');
        return d.Length == 0 ? "0" : d;
    }

    public static string Decimal(decimal x, int scale)
        => Math.Round(x, scale, MidpointRounding.AwayFromZero).ToString("F" + scale, CultureInfo.InvariantCulture);

    public static string Date(long days) => Calendar.ToDate(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>2024-01-31 12:30:00</c>, with the fraction of a second when there is one (trailing zeros dropped).</summary>
    public static string Timestamp(long micros, bool withZone)
    {
        var date = Date(Calendar.DaysOf(micros));
        long t = Calendar.MicrosOfDay(micros);
        long seconds = t / Calendar.MicrosPerSecond, fraction = t % Calendar.MicrosPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{date} {seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
        if (fraction != 0) text += "." + fraction.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return withZone ? text + "+00" : text;
    }
}
