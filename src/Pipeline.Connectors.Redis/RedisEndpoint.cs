using Pipeline.Core.Connectors;
using Pipeline.Core.Errors;
using StackExchange.Redis;

namespace Pipeline.Connectors.Redis;

/// <summary>
/// A Redis server from a <c>redis://[user:password@]host:6379/DB</c> address: the client's own
/// <see cref="ConfigurationOptions"/> are filled property by property (never from a spliced string, so a password
/// with <c>,</c> cannot add options), and every failure names the password-free address.
/// </summary>
internal sealed class RedisEndpoint
{
    private readonly ConfigurationOptions _options;

    public RedisEndpoint(ConnectorAddress address)
    {
        if (address.Host.Length == 0) throw address.Error("the URI has no host");
        Address = address;
        var db = 0;
        var path = address.Path.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out db) || db > 15_000))
            throw address.Error($"the path must be a database number (redis://host:6379/0), not '{path}'");
        Database = db;
        _options = new ConfigurationOptions
        {
            AbortOnConnectFail = true,
            ConnectTimeout = 10_000,
            SyncTimeout = 60_000,
            AsyncTimeout = 60_000,
            ConnectRetry = 1,
            ClientName = "pipeline",
            DefaultDatabase = db,
            User = address.User is { Length: > 0 } user ? user : null,
            Password = address.Password,
            Ssl = address.Bool("tls", false),
        };
        _options.EndPoints.Add(address.Host, address.Port ?? 6379);
    }

    /// <summary>The parsed address (for its description, secrets and errors).</summary>
    public ConnectorAddress Address { get; }

    /// <summary>The database number.</summary>
    public int Database { get; }

    /// <summary>Connects; a failure names the server, never the password.</summary>
    public ConnectionMultiplexer Connect()
    {
        try { return ConnectionMultiplexer.Connect(_options.Clone()); }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ArgumentException)
        {
            throw Failure("cannot connect", ex);
        }
    }

    /// <summary>An external error naming the address and what failed, redacted.</summary>
    public PipelineException Failure(string what, Exception error)
    {
        var kind = error is RedisServerException server && server.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal)
            ? PipelineErrorKind.InvalidInput : PipelineErrorKind.External;
        // The inner exception is dropped on purpose: client exceptions can carry the configuration.
        return new PipelineException(kind, Address.Redact($"{Address.Description}: {what}: {error.Message.Trim()}"));
    }
}
