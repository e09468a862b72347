using Pipeline.Core.Connectors;
using Pipeline.Core.Streams;

namespace Pipeline.Connectors.Redis;

/// <summary>
/// <c>redis://[user:password@]host:6379/0?keys=user:*&amp;type=hash</c>: keys as rows (<see cref="RedisKeySource"/>;
/// <c>type</c> is <c>hash</c>, <c>string</c> or <c>json</c>; <c>count</c>, <c>fields</c>, <c>sample</c>, <c>tls</c>).
/// A source only.
/// </summary>
public sealed class RedisKeysConnector : IConnector
{
    private static readonly string[] Known = ["keys", "type", "count", "fields", "sample", "tls"];

    /// <inheritdoc />
    public string Name => "Redis";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["redis"];

    /// <inheritdoc />
    public bool CanWrite => false;

    /// <inheritdoc />
    public ISource CreateSource(ConnectorAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = new RedisEndpoint(address);
        var kind = (address.Parameter("type") ?? "hash").ToLowerInvariant() switch
        {
            "hash" => RedisValueKind.Hash,
            "string" => RedisValueKind.String,
            "json" => RedisValueKind.Json,
            var other => throw address.Error($"type must be hash, string or json, not '{other}'"),
        };
        var options = new RedisKeyOptions(address.Parameter("keys") ?? "*", kind, (int)Math.Min(100_000, address.Long("count", 1000)),
            RedisAddress.Fields(address), (int)Math.Min(1_000_000, address.Long("sample", 1000)));
        address.RequireAllRead(Known);
        return new RedisKeySource(endpoint, options);
    }

    /// <inheritdoc />
    public ISink CreateSink(ConnectorAddress address) => throw address.Error("Redis keys are a source only");

    /// <inheritdoc />
    public ValueTask<ConnectorFacts> DescribeAsync(ConnectorAddress address, CancellationToken cancellationToken)
    {
        var source = (RedisKeySource)CreateSource(address);
        var schema = SourceSchemas.Of(source, cancellationToken);
        var estimate = source.EstimatedRows();
        return ValueTask.FromResult(new ConnectorFacts(schema, estimate,
            new Dictionary<string, string> { ["estimate"] = estimate is null ? "none (a key pattern; counting would scan every key)" : "DBSIZE" }));
    }
}

/// <summary>
/// <c>redis-stream://host:6379/0?stream=events&amp;group=g</c>: a Redis Stream through a consumer group, acknowledged
/// after the run's outputs commit (<see cref="RedisStreamSource"/>; <c>consumer</c>, <c>start</c>, <c>count</c>,
/// <c>max_messages</c>, <c>max_seconds</c>, <c>fields</c>, <c>tls</c>). A source only.
/// </summary>
public sealed class RedisStreamConnector : IConnector
{
    private static readonly string[] Known = ["stream", "group", "consumer", "start", "count", "max_messages", "max_seconds", "fields", "tls"];

    /// <inheritdoc />
    public string Name => "Redis Streams";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["redis-stream"];

    /// <inheritdoc />
    public bool CanWrite => false;

    /// <inheritdoc />
    public ISource CreateSource(ConnectorAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var endpoint = new RedisEndpoint(address);
        var start = address.Parameter("start") ?? "0";
        if (start is not ("0" or "$")) throw address.Error($"start must be 0 (the whole stream) or $ (new messages only), not '{start}'");
        double? maxSeconds = address.Parameter("max_seconds") is { } s
            ? double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                : throw address.Error($"max_seconds must be a positive number, not '{s}'")
            : null;
        var options = new RedisStreamOptions(
            address.Require("stream", "?stream=events&group=pipeline"),
            address.Require("group", "?stream=events&group=pipeline"),
            address.Parameter("consumer") ?? "pipeline",
            start,
            (int)Math.Min(100_000, address.Long("count", 1000)),
            address.Parameter("max_messages") is null ? null : address.Long("max_messages", 1),
            maxSeconds,
            RedisAddress.Fields(address));
        address.RequireAllRead(Known);
        return new RedisStreamSource(endpoint, options);
    }

    /// <inheritdoc />
    public ISink CreateSink(ConnectorAddress address) => throw address.Error("Redis Streams are a source only here");

    /// <inheritdoc />
    public ValueTask<ConnectorFacts> DescribeAsync(ConnectorAddress address, CancellationToken cancellationToken)
    {
        var source = (RedisStreamSource)CreateSource(address);
        var estimate = source.EstimatedRows();
        // Describing must not move the group: the schema comes from ?fields= or reads nothing but the stream's first entry.
        var schema = source.PeekSchema();
        return ValueTask.FromResult(new ConnectorFacts(schema, estimate,
            new Dictionary<string, string> { ["estimate"] = "XLEN (all messages in the stream, read or not)" }));
    }
}

/// <summary>The <c>?fields=a,b</c> list shared by the Redis connectors.</summary>
internal static class RedisAddress
{
    public static IReadOnlyList<string>? Fields(ConnectorAddress address)
        => address.Parameter("fields") is { } text
            ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : null;
}
