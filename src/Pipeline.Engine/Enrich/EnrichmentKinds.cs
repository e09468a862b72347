using Pipeline.Engine.Enrich.Pii;
using Pipeline.Engine.Enrich.Time;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Enrich;

/// <summary>One kind of enrichment: its YAML key and how its settings are read (and checked) into a spec.</summary>
/// <param name="Key">The key in an <c>enrich:</c> item (<c>- time: {...}</c>).</param>
/// <param name="Read">Reads the item's settings; errors carry <c>FILE:LINE:COLUMN</c>.</param>
internal sealed record EnrichmentKind(string Key, Func<YamlNodes, YamlNode, EnrichmentSpec> Read);

/// <summary>The registry of enrichment kinds: a new kind is one folder with its reader and one line here.</summary>
internal static class EnrichmentKinds
{
    private static readonly Dictionary<string, EnrichmentKind> ByKey = new[]
    {
        new EnrichmentKind("time", TimeEnrichmentReader.Read),
        new EnrichmentKind("pii", PiiEnrichmentReader.Read),
    }.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>Every key, for "did you mean".</summary>
    public static IReadOnlyCollection<string> Keys => ByKey.Keys;

    /// <summary>The kind with key <paramref name="key"/>, or null.</summary>
    public static EnrichmentKind? Find(string key) => ByKey.GetValueOrDefault(key);
}
