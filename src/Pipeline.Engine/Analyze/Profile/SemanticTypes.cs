using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Guesses what a column's values mean from its statistics and a sample of its values (the exact values while the
/// column is small, else its most frequent ones): at least 90% of the sampled values must match a shape for it to win.
/// </summary>
internal static partial class SemanticTypes
{
    private const double Share = 0.9;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")] private static partial Regex Email();
    [GeneratedRegex(@"^(https?|ftp)://[^\s/$.?#].[^\s]*$", RegexOptions.IgnoreCase)] private static partial Regex Url();
    [GeneratedRegex(@"^\+?[\d\s().-]{7,20}$")] private static partial Regex Phone();
    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")] private static partial Regex Uuid();

    public static string Infer(ColumnKind kind, long count, long distinct, double? meanLength, bool isInteger, IReadOnlyList<string> sample)
    {
        if (count == 0) return "empty";
        if (distinct == 1) return "constant";
        if (kind == ColumnKind.String && sample.Count > 0)
        {
            if (Matches(sample, Email().IsMatch)) return "email";
            if (Matches(sample, Url().IsMatch)) return "url";
            if (Matches(sample, Uuid().IsMatch)) return distinct == count ? "id" : "uuid";
            if (Matches(sample, s => double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _)
                                     || DecimalLike(s))) return "numeric_in_string";
            if (Matches(sample, s => s.Any(char.IsDigit) && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))) return "date_in_string";
            if (Matches(sample, s => Phone().IsMatch(s) && s.Count(char.IsDigit) >= 7)) return "phone";
        }
        if (kind == ColumnKind.String)
        {
            if (distinct == count && count > 1 && (meanLength ?? 0) < 40) return "id";
            if (distinct <= 50 && distinct * 20 <= count || distinct * 100 <= count) return "category";
            if ((meanLength ?? 0) >= 40) return "free_text";
            return "text";
        }
        if (kind == ColumnKind.Numeric)
        {
            if (isInteger && distinct == count && count > 1) return "id";
            if (isInteger && distinct <= 10 && distinct * 20 <= count) return "category";
        }
        return ColumnKinds.Name(kind);
    }

    private static bool DecimalLike(string s)
    {
        var t = s.Trim().TrimStart('$', '€', '£', '(').TrimEnd('%', ')');
        return t.Length > 0 && double.TryParse(t, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
    }

    private static bool Matches(IReadOnlyList<string> sample, Func<string, bool> test)
    {
        int hits = 0, seen = 0;
        foreach (var s in sample)
        {
            if (string.IsNullOrWhiteSpace(s)) continue;
            seen++;
            if (test(s)) hits++;
        }
        return seen > 0 && hits >= Share * seen;
    }
}
