using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Connectors;

/// <summary>
/// A parsed connector URI, <c>scheme://[user[:password]@]host[:port][/path][?name=value&amp;...]</c>. Each part is
/// percent-decoded, then its <c>${NAME}</c> references are expanded (<see cref="SecretLookup"/>), so a secret is never
/// spliced into URI syntax. Every expanded value and the password are <see cref="Secrets"/>: <see cref="Redact"/>
/// removes them by value from any text, and <see cref="Description"/> (what results, logs and errors show) never
/// holds the password or a query parameter's value.
/// </summary>
public sealed partial class ConnectorAddress
{
    private readonly Dictionary<string, string> _parameters;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private ConnectorAddress(string scheme, string? user, string? password, string host, int? port, string path,
        Dictionary<string, string> parameters, string[] secrets)
    {
        Scheme = scheme;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Path = path;
        _parameters = parameters;
        Secrets = secrets;
        Description = Redact($"{scheme}://{(user is null ? "" : user + "@")}{host}{(port is null ? "" : ":" + port.Value.ToString(CultureInfo.InvariantCulture))}{(path.Length == 0 ? "" : "/" + path)}");
    }

    /// <summary>The scheme, lower case (<c>mysql</c>, <c>redis-stream</c>).</summary>
    public string Scheme { get; }

    /// <summary>The user name, or null.</summary>
    public string? User { get; }

    /// <summary>The password (expanded), or null. Never shown: it is one of <see cref="Secrets"/>.</summary>
    public string? Password { get; }

    /// <summary>The host name (may be empty).</summary>
    public string Host { get; }

    /// <summary>The port, or null when the URI has none.</summary>
    public int? Port { get; }

    /// <summary>The path after the authority, without its leading <c>/</c> (a database name, a bucket prefix).</summary>
    public string Path { get; }

    /// <summary>Values to redact from every message: the password and every value expanded from a reference.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary><c>scheme://user@host:port/path</c>: no password and no query parameters, secrets redacted.</summary>
    public string Description { get; }

    /// <summary>The names of all query parameters.</summary>
    public IEnumerable<string> ParameterNames => _parameters.Keys;

    /// <summary>The text with every secret of this address replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in Secrets.OrderByDescending(s => s.Length))
            if (secret.Length > 0) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>A query parameter's value, or null when absent. Marks it as understood (see <see cref="RequireAllRead"/>).</summary>
    public string? Parameter(string name)
    {
        _read.Add(name);
        return _parameters.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>A required query parameter.</summary>
    /// <exception cref="PipelineException">The parameter is missing; the message gives <paramref name="example"/>.</exception>
    public string Require(string name, string example)
        => Parameter(name) ?? throw Error($"needs the query parameter '{name}' (e.g. {example})");

    /// <summary>A positive integer query parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="PipelineException">The value is not a positive integer.</exception>
    public long Long(string name, long fallback)
    {
        var text = Parameter(name);
        if (text is null) return fallback;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw Error($"the query parameter '{name}' must be a positive integer, not '{Redact(text)}'");
    }

    /// <summary>A boolean query parameter (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>), or <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback) => Parameter(name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        var other => throw Error($"the query parameter '{name}' must be true or false, not '{Redact(other)}'"),
    };

    /// <summary>Fails when a query parameter was never read: a misspelt option must not be ignored silently.</summary>
    /// <param name="known">The parameter names the connector takes, for the message.</param>
    public void RequireAllRead(IEnumerable<string> known)
    {
        var unknown = _parameters.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count == 0) return;
        var names = known.ToList();
        throw Error($"unknown query parameter '{unknown[0]}' (known: {string.Join(", ", names)})");
    }

    /// <summary>An <see cref="PipelineErrorKind.InvalidInput"/> error naming this address (redacted).</summary>
    public PipelineException Error(string message) => new(PipelineErrorKind.InvalidInput, Redact($"{Description}: {message}"));

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex UriShape();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    /// <summary>The scheme of <paramref name="text"/> (lower case) when it has the form <c>scheme://...</c>, else null.</summary>
    public static string? SchemeOf(string text)
    {
        var m = UriShape().Match(text);
        return m.Success ? m.Groups["scheme"].Value.ToLowerInvariant() : null;
    }

    /// <summary>Parses a URI.</summary>
    /// <param name="uri">The URI as written (may hold <c>${NAME}</c> references).</param>
    /// <param name="lookup">How references are resolved; <see cref="SecretLookup.Default"/> when null.</param>
    /// <exception cref="PipelineException">The URI is malformed or refers to an unset variable; the message never
    /// repeats a password.</exception>
    public static ConnectorAddress Parse(string uri, SecretLookup? lookup = null)
    {
        lookup ??= SecretLookup.Default;
        var m = UriShape().Match(uri);
        if (!m.Success) throw new PipelineException(PipelineErrorKind.InvalidInput, $"'{SafeLabel(uri)}' is not a URI of the form scheme://host/...");
        var scheme = m.Groups["scheme"].Value.ToLowerInvariant();
        var rest = m.Groups["rest"].Value;
        var secrets = new List<string>();
        string query = "";
        int q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : "";
        string? user = null, password = null;
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var info = authority[..at];
            authority = authority[(at + 1)..];
            int colon = info.IndexOf(':', StringComparison.Ordinal);
            var rawPassword = colon >= 0 ? info[(colon + 1)..] : null;
            // A literal password is a secret from the start, so even a malformed reference error cannot show it.
            if (rawPassword is { Length: > 0 } && !Reference().IsMatch(rawPassword)) secrets.Add(Decode(rawPassword));
            user = Expand(Decode(colon >= 0 ? info[..colon] : info), scheme, lookup, secrets);
            password = rawPassword is null ? null : Expand(Decode(rawPassword), scheme, lookup, secrets);
            if (password is { Length: > 0 }) secrets.Add(password);
        }
        string host = authority;
        int? port = null;
        int portColon = authority.LastIndexOf(':');
        if (portColon >= 0 && !authority.EndsWith(']'))
        {
            host = authority[..portColon];
            var portText = authority[(portColon + 1)..];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{scheme}://{host}: the port '{portText}' is not a number from 1 to 65535");
            port = p;
        }
        host = Expand(Decode(host), scheme, lookup, secrets);
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Decode(pair[(eq + 1)..]) : "true";
            if (!parameters.TryAdd(name, Expand(value, scheme, lookup, secrets)))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{scheme}://{host}: the query parameter '{name}' is given twice");
        }
        return new ConnectorAddress(scheme, user, password, host, port, Decode(path), parameters, [.. secrets.Distinct(StringComparer.Ordinal)]);
    }

    private static string Decode(string text)
    {
        try { return Uri.UnescapeDataString(text); }
        catch (UriFormatException) { return text; }
    }

    private static string Expand(string text, string scheme, SecretLookup lookup, List<string> secrets)
        => Reference().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            var value = lookup.Find(name) ?? throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{scheme}:// address: '{name}' is neither an environment variable nor in the secrets file (the URI refers to ${{{name}}})");
            if (value.Length > 0) secrets.Add(value);
            return value;
        });

    /// <summary>The URI cut before any user information, for messages about a URI that did not parse.</summary>
    private static string SafeLabel(string uri)
    {
        int at = uri.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 ? "…@" + uri[(at + 1)..] : uri;
    }
}
