using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Enrich;

/// <summary>Reads <c>enrich: [- time: {...}, - pii: {...}]</c>: a list of one-key mappings, each key a registered
/// kind (<see cref="EnrichmentKinds"/>).</summary>
internal static class EnrichReader
{
    /// <summary>The enrichments in the order written.</summary>
    public static IReadOnlyList<EnrichmentSpec> Read(YamlNodes y, YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw y.Error(node, "enrich: needs a list of enrichments (- time: {...}, - pii: {...})");
        var specs = new List<EnrichmentSpec>();
        foreach (var item in list.Children)
        {
            var map = y.Mapping(item, "an enrich item");
            if (map.Children.Count != 1) throw y.Error(map, $"an enrich item has exactly one key ({string.Join(", ", EnrichmentKinds.Keys)})");
            foreach (var (key, value) in y.Entries(map, "enrich", [.. EnrichmentKinds.Keys]))
                specs.Add(EnrichmentKinds.Find(key)!.Read(y, value));
        }
        return specs;
    }
}
