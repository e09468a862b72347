using MySqlConnector;
using Pipeline.Core.Connectors;
using Pipeline.Core.Streams;
using Pipeline.Databases.Connections;

namespace Pipeline.Connectors.MySql;

/// <summary>
/// <c>mysql://user:${MYSQL_PASSWORD}@host:3306/db?table=t</c> (or <c>?query=...</c>; <c>mariadb://</c> too): a
/// streamed <see cref="MySqlSource"/>, or a transactional <see cref="MySqlSink"/> (<c>?table=t&amp;mode=replace</c>).
/// Other query parameters are MySqlConnector settings (<c>?SslMode=Required</c>), set through its builder.
/// </summary>
public sealed class MySqlUriConnector : IConnector
{
    private static readonly string[] Own = ["table", "query", "mode"];

    /// <inheritdoc />
    public string Name => "MySQL";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["mysql", "mariadb"];

    /// <inheritdoc />
    public bool CanWrite => true;

    /// <inheritdoc />
    public ISource CreateSource(ConnectorAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var query = SqlAddress.Query(address, MySqlIdentifiers.QuoteTable);
        return new MySqlSource(Endpoint(address), query);
    }

    /// <inheritdoc />
    public ISink CreateSink(ConnectorAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (table, mode) = SqlAddress.Table(address);
        return new MySqlSink(Endpoint(address), table, mode);
    }

    /// <inheritdoc />
    public ValueTask<ConnectorFacts> DescribeAsync(ConnectorAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var table = address.Parameter("table");
        var source = (MySqlSource)CreateSource(address);
        var schema = SourceSchemas.Of(source, cancellationToken);
        long? estimate = table is null ? null : source.Endpoint.EstimatedRows(table, source.Description);
        return ValueTask.FromResult(new ConnectorFacts(schema, estimate,
            new Dictionary<string, string> { ["estimate"] = estimate is null ? "none (a query)" : "information_schema.tables.table_rows (InnoDB: approximate)" }));
    }

    private static MySqlEndpoint Endpoint(ConnectorAddress address)
    {
        var builder = new MySqlConnectionStringBuilder();
        var text = AddressConnectionStrings.Build(address, builder, ("Server", "Port", "User ID", "Password", "Database"), 3306, Own);
        return new MySqlEndpoint(text, address.Description, [.. address.Secrets]);
    }
}
