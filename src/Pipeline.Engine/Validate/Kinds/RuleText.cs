using System.Globalization;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>How rule kinds write numbers and text, in reasons and in YAML alike.</summary>
internal static class RuleText
{
    /// <summary>A number, round-trippable and culture-invariant (<c>0.1</c>, <c>1E+20</c>).</summary>
    public static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A single-quoted YAML scalar (quotes doubled), so any text stays text.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A <c>[low, high]</c> pair.</summary>
    public static string Pair(Rule rule) => $"[{Number(rule.Low!.Value)}, {Number(rule.High!.Value)}]";

    /// <summary>A list of quoted texts.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
