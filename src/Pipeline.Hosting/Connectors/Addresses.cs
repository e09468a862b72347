using Pipeline.Core.Connectors;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Connectors;

/// <summary>
/// Where a path is accepted (CLI inputs and outputs, a spec's <c>source:</c> and <c>sinks:</c>,
/// <c>DataPipeline.From</c>), a URI <c>scheme://...</c> names a connector instead: this turns either into a
/// <see cref="SourceSpec"/> or <see cref="SinkSpec"/>. For a URI the spec carries the connector's ready source or sink
/// and, as its path, the address's password-free description.
/// </summary>
public static class Addresses
{
    /// <summary>The connectors of this host, one line each (see docs/connectors.md).</summary>
    public static ConnectorRegistry Registry { get; } = new(
    [
        new Databases.Postgres.PostgresConnector(),
        new Pipeline.Connectors.MySql.MySqlUriConnector(),
        new Pipeline.Connectors.Redis.RedisKeysConnector(),
        new Pipeline.Connectors.Redis.RedisStreamConnector(),
    ]);

    /// <summary>True when <paramref name="pathOrUri"/> is a URI (<c>scheme://...</c>) rather than a path.</summary>
    public static bool IsUri(string pathOrUri) => ConnectorRegistry.IsAddress(pathOrUri);

    /// <summary>A source spec for a path (as given) or a URI (its connector's source).</summary>
    /// <exception cref="Core.Errors.PipelineException">The URI is malformed or its scheme unknown.</exception>
    public static SourceSpec Source(string pathOrUri, SourceOptions options)
    {
        if (!IsUri(pathOrUri)) return new SourceSpec(pathOrUri, options);
        var (source, address) = Registry.OpenSource(pathOrUri);
        return new SourceSpec(DescriptionOf(source, address), options with { Format = source.Format }) { Instance = source };
    }

    /// <summary>A sink spec for a path (as given) or a URI (its connector's sink).</summary>
    /// <exception cref="Core.Errors.PipelineException">The URI is malformed, its scheme unknown, or its system a source only.</exception>
    public static SinkSpec Sink(string pathOrUri, SinkOptions options)
    {
        if (!IsUri(pathOrUri)) return new SinkSpec(pathOrUri, options);
        var (sink, _) = Registry.OpenSink(pathOrUri);
        return new SinkSpec(sink.Target, options with { Format = sink.Format }) { Instance = sink };
    }

    private static string DescriptionOf(Core.Streams.ISource source, ConnectorAddress address)
        => source is Databases.IDatabaseEndpoint endpoint ? endpoint.Description : address.Description;
}
