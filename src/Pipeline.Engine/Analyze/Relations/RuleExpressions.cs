using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Engine.Analyze.Relations;

/// <summary>Column names and values written in the expression language of <c>expression:</c>, <c>when:</c> and
/// <c>then:</c> (docs/spec.md): plain names bare, others double-quoted; text single-quoted, numbers as numbers.</summary>
internal static partial class RuleExpressions
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Plain();

    private static readonly HashSet<string> Reserved = new(["and", "or", "not", "is", "null", "true", "false", "case", "when", "then", "else", "end",
        "in", "like", "ilike", "between", "cast", "as"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A column reference.</summary>
    public static string Column(string name)
        => Plain().IsMatch(name) && !Reserved.Contains(name) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A literal: a number for a numeric column, true/false for a boolean, else quoted text.</summary>
    public static string Value(string value, bool numeric, bool boolean)
    {
        if (numeric && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return value;
        if (boolean && value is "true" or "false") return value;
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A rule name from column names: letters, digits and underscores.</summary>
    public static string Name(params string[] parts)
        => string.Join("_", parts.Select(p => Regex.Replace(p.ToLowerInvariant(), "[^a-z0-9]+", "_").Trim('_')).Where(p => p.Length > 0));
}
