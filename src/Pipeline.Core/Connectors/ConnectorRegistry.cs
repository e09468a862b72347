using Pipeline.Core.Errors;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Connectors;

/// <summary>
/// The connectors known to a host, keyed by URI scheme. Anything of the form <c>scheme://...</c> given where a path
/// is accepted is looked up here; an unknown scheme is an error listing the known ones (never read as a file).
/// </summary>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, IConnector> _byScheme = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a registry holding <paramref name="connectors"/>.</summary>
    /// <exception cref="ArgumentException">Two connectors claim one scheme.</exception>
    public ConnectorRegistry(IEnumerable<IConnector> connectors)
    {
        foreach (var connector in connectors)
            foreach (var scheme in connector.Schemes)
                if (!_byScheme.TryAdd(scheme, connector))
                    throw new ArgumentException($"two connectors claim the scheme '{scheme}'", nameof(connectors));
    }

    /// <summary>The registered connectors, each once.</summary>
    public IEnumerable<IConnector> Connectors => _byScheme.Values.Distinct();

    /// <summary>The known schemes, sorted.</summary>
    public IEnumerable<string> Schemes => _byScheme.Keys.Order(StringComparer.Ordinal);

    /// <summary>True when <paramref name="text"/> has the form <c>scheme://...</c> (whether or not the scheme is known).</summary>
    public static bool IsAddress(string text) => ConnectorAddress.SchemeOf(text) is not null;

    /// <summary>The connector for <paramref name="address"/>'s scheme.</summary>
    /// <exception cref="PipelineException">No connector has the scheme.</exception>
    public IConnector For(ConnectorAddress address)
        => _byScheme.TryGetValue(address.Scheme, out var connector) ? connector
            : throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{address.Description}: no connector for the scheme '{address.Scheme}://' (known: {string.Join(", ", Schemes.Select(s => s + "://"))})");

    /// <summary>Parses <paramref name="uri"/> and creates its source.</summary>
    public (ISource Source, ConnectorAddress Address) OpenSource(string uri, SecretLookup? lookup = null)
    {
        var address = ConnectorAddress.Parse(uri, lookup);
        return (For(address).CreateSource(address), address);
    }

    /// <summary>Parses <paramref name="uri"/> and creates its sink.</summary>
    /// <exception cref="PipelineException">The connector writes nowhere.</exception>
    public (ISink Sink, ConnectorAddress Address) OpenSink(string uri, SecretLookup? lookup = null)
    {
        var address = ConnectorAddress.Parse(uri, lookup);
        var connector = For(address);
        if (!connector.CanWrite)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{address.Description}: {connector.Name} is a source only; it cannot be a sink");
        return (connector.CreateSink(address), address);
    }
}
