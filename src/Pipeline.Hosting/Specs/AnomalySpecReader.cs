using Pipeline.Core.Errors;
using Pipeline.Engine.Learn.History.Anomalies;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// Reads a spec's <c>anomalies:</c>: per watched metric (<c>row_count</c>, <c>COLUMN.null_fraction</c>,
/// <c>COLUMN.mean</c>) another strategy than the default (<c>{strategy: holt_winters, season: 7}</c>), or <c>off</c>.
/// </summary>
internal static class AnomalySpecReader
{
    public static IReadOnlyDictionary<string, IAnomalyStrategy?> Read(YamlNodes y, YamlNode node)
    {
        var strategies = new Dictionary<string, IAnomalyStrategy?>(StringComparer.Ordinal);
        foreach (var (k, v) in y.Mapping(node, "anomalies").Children)
        {
            var metric = y.Scalar(k, "anomalies key");
            if (metric != "row_count" && !metric.EndsWith(".null_fraction", StringComparison.Ordinal) && !metric.EndsWith(".mean", StringComparison.Ordinal))
                throw y.Error(k, $"anomalies: '{metric}' is not a watched metric (row_count, COLUMN.null_fraction, COLUMN.mean)");
            if (v is YamlScalarNode scalar && scalar.Value is "off" or "false")
            {
                strategies[metric] = null;
                continue;
            }
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            string name = "adaptive_normal";
            foreach (var (pk, pv) in y.Mapping(v, $"anomalies.{metric}").Children)
            {
                var key = y.Scalar(pk, $"anomalies.{metric} key");
                if (key == "strategy") name = y.Scalar(pv, $"anomalies.{metric}.strategy");
                else parameters[key] = y.Scalar(pv, $"anomalies.{metric}.{key}");
            }
            try { strategies[metric] = AnomalyStrategies.Create(name, parameters, $"anomalies.{metric}"); }
            catch (PipelineException ex) { throw y.Error(v, ex.Message); }
        }
        return strategies;
    }
}
