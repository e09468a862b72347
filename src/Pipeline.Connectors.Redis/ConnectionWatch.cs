using Pipeline.Core.Errors;
using StackExchange.Redis;

namespace Pipeline.Connectors.Redis;

/// <summary>
/// Fails a read whose connection dropped. StackExchange.Redis reconnects by itself, which would hide the loss; but a
/// reply lost with the connection may have moved a consumer group (XREADGROUP delivered messages nobody saw), so a
/// read that lost its connection stops with a clear error instead, acknowledging nothing.
/// </summary>
internal sealed class ConnectionWatch
{
    private readonly RedisEndpoint _endpoint;
    private readonly string _what;
    private volatile string? _lost;

    public ConnectionWatch(ConnectionMultiplexer connection, RedisEndpoint endpoint, string what)
    {
        _endpoint = endpoint;
        _what = what;
        connection.ConnectionFailed += (_, e) => _lost ??= $"{e.FailureType}{(e.Exception is { } ex ? ": " + ex.Message : "")}";
    }

    /// <summary>Throws when the connection was lost since the read started.</summary>
    /// <param name="progress">What was read so far, for the message.</param>
    public void ThrowIfLost(string progress)
    {
        if (_lost is { } reason)
            throw new PipelineException(PipelineErrorKind.External,
                _endpoint.Address.Redact($"{_endpoint.Address.Description}: the connection was lost mid-read ({reason}) after {progress}; {_what}"));
    }
}
