using Pipeline.Engine.Yaml;
using Pipeline.Core.Operators.Dedup;
using Pipeline.Core.Operators.Sort;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>Reads the spec keys of the stateful operators: <c>dedup:</c> and <c>sort:</c> (see <c>docs/spec.md</c>).</summary>
internal static class OperatorSpecReader
{
    private static readonly string[] DedupKeys = ["columns", "keep"];

    /// <summary><c>dedup: true</c> (exact rows, keep first), <c>false</c>, or <c>{columns: [a, b], keep: first|last}</c>.</summary>
    public static DedupSpec? ReadDedup(YamlNodes y, YamlNode node)
    {
        if (node is YamlScalarNode) return y.Bool(node, "dedup") ? new DedupSpec([], DedupKeep.First) : null;
        IReadOnlyList<string> columns = [];
        var keep = DedupKeep.First;
        foreach (var (key, value) in y.Entries(y.Mapping(node, "dedup"), "dedup", DedupKeys))
        {
            switch (key)
            {
                case "columns": columns = y.StringList(value, "dedup.columns"); break;
                case "keep":
                    keep = y.Scalar(value, "dedup.keep") switch
                    {
                        "first" => DedupKeep.First,
                        "last" => DedupKeep.Last,
                        _ => throw y.Error(value, "dedup.keep must be 'first' or 'last'"),
                    };
                    break;
            }
        }
        return new DedupSpec(columns, keep);
    }

    /// <summary><c>sort: column</c> or <c>sort: [a, "b desc", "c asc nulls first"]</c>.</summary>
    public static IReadOnlyList<SortKey> ReadSort(YamlNodes y, YamlNode node)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        if (items.Count == 0) throw y.Error(node, "sort needs at least one column");
        return [.. items.Select(item => ParseKey(y, item))];
    }

    private static SortKey ParseKey(YamlNodes y, YamlNode node)
    {
        var text = y.Scalar(node, "sort");
        return TryParseKey(text) ?? throw y.Error(node, KeyError(text));
    }

    /// <summary>A sort key written <c>column [asc|desc] [nulls first|last]</c>; null when it does not read so.</summary>
    internal static SortKey? TryParseKey(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        bool descending = false, nullsFirst = false;
        int at = 1;
        if (at < words.Length && words[at].ToLowerInvariant() is "asc" or "desc") descending = words[at++].Equals("desc", StringComparison.OrdinalIgnoreCase);
        if (at + 1 < words.Length && words[at].Equals("nulls", StringComparison.OrdinalIgnoreCase) && words[at + 1].ToLowerInvariant() is "first" or "last")
        {
            nullsFirst = words[at + 1].Equals("first", StringComparison.OrdinalIgnoreCase);
            at += 2;
        }
        return at == words.Length ? new SortKey(words[0], descending, nullsFirst) : null;
    }

    /// <summary>Why a sort key does not read as one.</summary>
    internal static string KeyError(string text) => text.Trim().Length == 0
        ? "a sort key needs a column name"
        : $"sort key '{text}' must read 'column [asc|desc] [nulls first|last]'";
}
