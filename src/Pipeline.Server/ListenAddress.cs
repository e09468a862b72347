using System.Globalization;
using System.Net;
using Pipeline.Core.Errors;

namespace Pipeline.Server;

/// <summary>Parses <c>--listen</c>: an IP address (or <c>localhost</c>) and a port. Host names other than localhost
/// are refused: which interfaces a name resolves to is not something a security check should guess.</summary>
internal static class ListenAddress
{
    /// <summary>The endpoint for <paramref name="text"/>.</summary>
    /// <exception cref="PipelineException">Not <c>IP:PORT</c>.</exception>
    public static IPEndPoint Parse(string text, string option = "--listen")
    {
        int colon = text.LastIndexOf(':');
        if (colon > 0 && string.Equals(text[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= IPEndPoint.MaxPort)
            return new IPEndPoint(IPAddress.Loopback, port);
        if (colon > 0 && IPEndPoint.TryParse(text, out var endpoint) && text[(colon + 1)..].All(char.IsAsciiDigit))
            return endpoint;
        throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"{option}: '{text}' must be IP:PORT (for example 127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080 or localhost:8080)");
    }

    /// <summary>True when only this machine can reach the address.</summary>
    public static bool IsLoopback(IPEndPoint endpoint) => IPAddress.IsLoopback(endpoint.Address);
}
