using System.Globalization;
using Pipeline.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Yaml;

/// <summary>Typed access to YAML nodes with errors that carry the spec file, line and column, and
/// "did you mean" suggestions for unknown keys.</summary>
internal sealed class YamlNodes(string file)
{
    /// <summary>The file the nodes come from (as given).</summary>
    public string File => file;

    public PipelineException Error(YamlNode node, string message)
        => new(PipelineErrorKind.InvalidInput, $"{file}:{node.Start.Line}:{node.Start.Column}: {message}");

    public YamlMappingNode Mapping(YamlNode node, string what)
        => node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value pairs)");

    public string Scalar(YamlNode node, string what)
        => node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"{what} must be a single value");

    public int Int(YamlNode node, string what)
        => int.TryParse(Scalar(node, what), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw Error(node, $"{what} must be a positive whole number");

    public double Double(YamlNode node, string what)
        => double.TryParse(Scalar(node, what), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v)
            ? v : throw Error(node, $"{what} must be a number");

    public string Location(YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

    public bool Bool(YamlNode node, string what) => Scalar(node, what).ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw Error(node, $"{what} must be true or false"),
    };

    public char Char(YamlNode node, string what)
    {
        var s = Scalar(node, what);
        if (s == "\\t" || s == "tab") return '\t';
        return s.Length == 1 ? s[0] : throw Error(node, $"{what} must be one character (or \"\\t\")");
    }

    public IReadOnlyList<string> StringList(YamlNode node, string what) => node switch
    {
        YamlSequenceNode seq => seq.Children.Select(c => Scalar(c, what + " item")).ToList(),
        YamlScalarNode { Value: { } v } => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        _ => throw Error(node, $"{what} must be a list"),
    };

    /// <summary>Yields each key/value, rejecting keys not in <paramref name="known"/> with a suggestion.</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string what, params string[] known)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = Scalar(k, "key");
            if (!known.Contains(key))
            {
                var hint = Suggest(key, known);
                throw Error(k, $"unknown key '{key}' in {what}" + (hint is null ? $" (known: {string.Join(", ", known)})" : $" (did you mean '{hint}'?)"));
            }
            yield return (key, v);
        }
    }

    /// <summary>The closest known name within an edit distance of a third of its length, or null.</summary>
    public static string? Suggest(string given, IEnumerable<string> known)
    {
        string? best = null; int bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            int d = Distance(given.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = k; }
        }
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance: edits plus swaps of neighbours, the commonest typos.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
