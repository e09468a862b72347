using System.Globalization;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.HistoryKinds;

/// <summary>A history rule's mapping argument (<c>{psi_at_most: 0.2}</c>), kept in <see cref="Rule.Values"/> as
/// <c>key=value</c> pairs in the order written, so the rule's record stays one shape for every kind.</summary>
internal static class LimitArguments
{
    /// <summary>Reads the mapping; keys outside <paramref name="known"/> are refused with a suggestion.</summary>
    public static IReadOnlyList<string> Read(YamlNodes y, YamlNode value, string what, IReadOnlyList<string> known, Func<string, bool> numeric)
    {
        var pairs = new List<string>();
        foreach (var (key, node) in y.Entries(y.Mapping(value, what), what, [.. known]))
        {
            var text = y.Scalar(node, $"{what}.{key}");
            if (numeric(key)) text = y.Double(node, $"{what}.{key}").ToString("R", CultureInfo.InvariantCulture);
            pairs.Add($"{key}={text}");
        }
        if (pairs.Count == 0) throw y.Error(value, $"'{what}' needs at least one of {string.Join(", ", known)}");
        return pairs;
    }

    /// <summary>The pairs as flow YAML.</summary>
    public static string Write(IReadOnlyList<string> pairs)
        => "{" + string.Join(", ", pairs.Select(p => { var (k, v) = Split(p); return $"{k}: {Quote(v)}"; })) + "}";

    /// <summary>The pairs as a dictionary.</summary>
    public static Dictionary<string, string> Of(Rule rule) => Of(rule.Values ?? []);

    /// <summary>Pairs as a dictionary.</summary>
    public static Dictionary<string, string> Of(IEnumerable<string> pairs) => pairs.Select(Split).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static (string Key, string Value) Split(string pair)
    {
        int eq = pair.IndexOf('=', StringComparison.Ordinal);
        return (pair[..eq], pair[(eq + 1)..]);
    }

    private static string Quote(string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? value : $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
