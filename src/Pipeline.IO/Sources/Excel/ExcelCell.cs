using System.Globalization;

namespace Pipeline.IO.Sources.Excel;

/// <summary>The kinds of Excel cell values, ordered into a lattice by <see cref="ExcelCell.Widen"/>.</summary>
internal enum ExcelKind
{
    /// <summary>Empty.</summary>
    Null,
    /// <summary>TRUE/FALSE.</summary>
    Bool,
    /// <summary>A whole number (stored as a double by Excel) within ±2^53.</summary>
    Int,
    /// <summary>Any other number.</summary>
    Double,
    /// <summary>A date-formatted number at midnight.</summary>
    Date,
    /// <summary>A date-formatted number with a time of day.</summary>
    Timestamp,
    /// <summary>Text, or a column mixing kinds.</summary>
    String,
}

/// <summary>What an Excel cell's value is, and how columns of mixed kinds widen.</summary>
internal static class ExcelCell
{
    private const double MaxExactInteger = 9007199254740992d;

    /// <summary>The kind of a value ExcelDataReader returns.</summary>
    public static ExcelKind KindOf(object? value) => value switch
    {
        null or DBNull => ExcelKind.Null,
        string s => s.Length == 0 ? ExcelKind.Null : ExcelKind.String,
        bool => ExcelKind.Bool,
        double d => double.IsFinite(d) && Math.Abs(d) <= MaxExactInteger && Math.Floor(d) == d ? ExcelKind.Int : ExcelKind.Double,
        int or long or short => ExcelKind.Int,
        float or decimal => ExcelKind.Double,
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? ExcelKind.Date : ExcelKind.Timestamp,
        _ => ExcelKind.String,
    };

    /// <summary>The narrowest kind holding both: numbers widen to double, dates to timestamps, anything else mixed to text.</summary>
    public static ExcelKind Widen(ExcelKind a, ExcelKind b)
    {
        if (a == ExcelKind.Null) return b;
        if (b == ExcelKind.Null || a == b) return a;
        if (a is ExcelKind.Int or ExcelKind.Double && b is ExcelKind.Int or ExcelKind.Double) return ExcelKind.Double;
        if (a is ExcelKind.Date or ExcelKind.Timestamp && b is ExcelKind.Date or ExcelKind.Timestamp) return ExcelKind.Timestamp;
        return ExcelKind.String;
    }

    /// <summary>A value as text, for a text column (numbers round-trip, dates in ISO 8601).</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A number cell as a double.</summary>
    public static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
