using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Enrich.Pii;

/// <summary>Reads <c>pii: {...}</c>; an unknown kind or policy, or a salt missing from the environment, is an error at
/// its file, line and column (naming the variable, never its value).</summary>
internal static class PiiEnrichmentReader
{
    private static readonly string[] Keys = ["detect", "mask", "salt", "columns"];

    /// <summary>The kinds a mask may name.</summary>
    public static readonly string[] Kinds = [.. PiiDetectors.ValueKinds, "name"];

    /// <summary>Reads the settings of one <c>pii:</c> item (the salt from the process environment).</summary>
    public static EnrichmentSpec Read(YamlNodes y, YamlNode node) => Read(y, node, Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings of one <c>pii:</c> item, the salt from <paramref name="environment"/>.</summary>
    public static EnrichmentSpec Read(YamlNodes y, YamlNode node, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(y);
        var map = y.Mapping(node, "enrich pii");
        bool detect = false;
        var masks = new Dictionary<string, string>(StringComparer.Ordinal);
        PiiSalt? salt = null;
        IReadOnlyList<string>? columns = null;
        foreach (var (key, value) in y.Entries(map, "enrich pii", Keys))
        {
            switch (key)
            {
                case "detect": detect = y.Bool(value, "enrich pii.detect"); break;
                case "columns": columns = y.StringList(value, "enrich pii.columns"); break;
                case "salt":
                    salt = PiiSalt.FromTemplate(y.Scalar(value, "enrich pii.salt"), environment, out var error) ?? throw y.Error(value, $"enrich pii.{error}");
                    break;
                case "mask":
                    foreach (var (kind, policyNode) in y.Entries(y.Mapping(value, "enrich pii.mask"), "enrich pii.mask", Kinds))
                    {
                        var policy = y.Scalar(policyNode, $"enrich pii.mask.{kind}");
                        if (!PiiMasks.Policies.Contains(policy))
                        {
                            var hint = YamlNodes.Suggest(policy, PiiMasks.Policies);
                            throw y.Error(policyNode, $"enrich pii.mask.{kind}: unknown policy '{policy}'" + (hint is null ? $" (known: {string.Join(", ", PiiMasks.Policies)})" : $" (did you mean '{hint}'?)"));
                        }
                        masks[kind] = policy;
                    }
                    break;
            }
        }
        if (!detect && masks.Count == 0) throw y.Error(map, "enrich pii needs 'detect: true' or 'mask:' (kind: policy)");
        if (salt is null && masks.Values.Any(PiiMasks.NeedsSalt))
            throw y.Error(map, "enrich pii: the hash and token masks need 'salt: \"${NAME}\"' (an environment variable)");
        return new PiiSpec(detect, masks, salt, columns, y.Location(map));
    }
}
