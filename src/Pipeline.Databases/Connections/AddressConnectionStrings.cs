using System.Data.Common;
using Pipeline.Core.Connectors;
using Pipeline.Core.Errors;

namespace Pipeline.Databases.Connections;

/// <summary>
/// Builds a driver's connection string from a <see cref="ConnectorAddress"/> through the driver's own builder (never
/// by concatenating text), so a password holding <c>;</c> or <c>=</c> stays one value and cannot add options. Query
/// parameters the connector does not take itself are driver settings (<c>?SslMode=Required</c>), checked by the builder.
/// </summary>
public static class AddressConnectionStrings
{
    /// <summary>Fills <paramref name="builder"/>.</summary>
    /// <param name="address">The parsed address.</param>
    /// <param name="builder">The driver's empty builder.</param>
    /// <param name="keys">The builder's key names for host, port, user, password and database.</param>
    /// <param name="defaultPort">The port when the URI has none.</param>
    /// <param name="connectorParameters">The query parameters the connector reads itself (not driver settings).</param>
    /// <exception cref="PipelineException">A driver setting is unknown or invalid (message redacted).</exception>
    public static string Build(ConnectorAddress address, DbConnectionStringBuilder builder, (string Host, string Port, string User, string Password, string Database) keys,
        int defaultPort, IReadOnlyCollection<string> connectorParameters)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(builder);
        if (address.Host.Length == 0) throw address.Error("the URI has no host");
        builder[keys.Host] = address.Host;
        builder[keys.Port] = address.Port ?? defaultPort;
        if (address.User is { Length: > 0 } user) builder[keys.User] = user;
        if (address.Password is { } password) builder[keys.Password] = password;
        var database = address.Path.Trim('/');
        if (database.Length > 0) builder[keys.Database] = database;
        foreach (var name in address.ParameterNames.ToList())
        {
            if (connectorParameters.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            var value = address.Parameter(name)!;
            try { builder[name] = value; }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw address.Error($"'{name}' is neither an option of this connector ({string.Join(", ", connectorParameters)}) nor a valid driver setting: {ex.Message}");
            }
        }
        return builder.ConnectionString;
    }
}
