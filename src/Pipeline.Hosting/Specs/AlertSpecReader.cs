using Pipeline.Engine.Yaml;
using Pipeline.Hosting.Alerts;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>Reads a spec's <c>alerts:</c>: a list of <c>{on: [events], post: URL, format: json | slack, headers: {...}}</c>.</summary>
internal static class AlertSpecReader
{
    private static readonly string[] Keys = ["on", "post", "format", "headers"];

    public static IReadOnlyList<AlertSpec> Read(YamlNodes y, YamlNode node)
    {
        if (node is not YamlSequenceNode list) throw y.Error(node, "alerts: a list of {on: [...], post: URL}");
        var alerts = new List<AlertSpec>();
        foreach (var item in list.Children)
        {
            IReadOnlyList<string> on = AlertEvents.All;
            string? post = null;
            string format = "json";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in y.Entries(y.Mapping(item, "alerts[]"), "alerts[]", Keys))
            {
                switch (key)
                {
                    case "on":
                        on = y.StringList(value, "alerts[].on");
                        foreach (var e in on.Where(e => !AlertEvents.All.Contains(e)))
                            throw y.Error(value, $"alerts[].on: unknown event '{e}' (one of {string.Join(", ", AlertEvents.All)})");
                        break;
                    case "post": post = y.Scalar(value, "alerts[].post"); break;
                    case "format":
                        format = y.Scalar(value, "alerts[].format");
                        if (format is not ("json" or "slack")) throw y.Error(value, "alerts[].format must be 'json' or 'slack'");
                        break;
                    case "headers":
                        foreach (var (k, v) in y.Mapping(value, "alerts[].headers").Children)
                        {
                            var name = y.Scalar(k, "alerts[].headers key");
                            headers[name] = y.Scalar(v, $"alerts[].headers.{name}");
                        }
                        break;
                }
            }
            if (string.IsNullOrWhiteSpace(post)) throw y.Error(item, "alerts[]: needs 'post:' (the webhook URL; ${NAME} takes it from the environment)");
            // The URL may hold ${NAME}; a literal one is checked now, so a typo fails before the run rather than after.
            if (!post.Contains("${", StringComparison.Ordinal) && (!Uri.TryCreate(post, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                throw y.Error(item, "alerts[].post: an http:// or https:// URL");
            alerts.Add(new AlertSpec(on, post, format, headers));
        }
        return alerts;
    }
}
