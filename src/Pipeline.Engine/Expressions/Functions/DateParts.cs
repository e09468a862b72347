namespace Pipeline.Engine.Expressions.Functions;

/// <summary>The date parts DuckDB names (with its common abbreviations and plurals), normalized to one spelling.</summary>
internal static class DateParts
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["year"] = "year", ["years"] = "year", ["y"] = "year", ["yr"] = "year", ["yrs"] = "year",
        ["quarter"] = "quarter", ["quarters"] = "quarter",
        ["month"] = "month", ["months"] = "month", ["mon"] = "month", ["mons"] = "month",
        ["week"] = "week", ["weeks"] = "week", ["w"] = "week", ["weekofyear"] = "week",
        ["day"] = "day", ["days"] = "day", ["d"] = "day", ["dayofmonth"] = "day",
        ["dayofweek"] = "dow", ["dow"] = "dow", ["weekday"] = "dow", ["isodow"] = "isodow",
        ["dayofyear"] = "doy", ["doy"] = "doy", ["isoyear"] = "isoyear",
        ["hour"] = "hour", ["hours"] = "hour", ["h"] = "hour", ["hr"] = "hour", ["hrs"] = "hour",
        ["minute"] = "minute", ["minutes"] = "minute", ["min"] = "minute", ["mins"] = "minute", ["m"] = "minute",
        ["second"] = "second", ["seconds"] = "second", ["sec"] = "second", ["secs"] = "second", ["s"] = "second",
        ["millisecond"] = "millisecond", ["milliseconds"] = "millisecond", ["ms"] = "millisecond", ["msec"] = "millisecond",
        ["microsecond"] = "microsecond", ["microseconds"] = "microsecond", ["us"] = "microsecond", ["usec"] = "microsecond",
        ["decade"] = "decade", ["decades"] = "decade", ["century"] = "century", ["centuries"] = "century",
        ["millennium"] = "millennium", ["millennia"] = "millennium", ["epoch"] = "epoch",
    };

    /// <summary>The normalized part, or null when DuckDB has no such part.</summary>
    public static string? Normalize(string part) => Aliases.GetValueOrDefault(part.Trim());

    public static IEnumerable<string> Known => Aliases.Values.Distinct();
}
