using Npgsql;
using Pipeline.Core.Connectors;
using Pipeline.Core.Streams;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// <c>postgres://user:${PGPASSWORD}@host:5432/db?table=t</c> (or <c>?query=...</c>; <c>postgresql://</c> too): a
/// <see cref="PostgresSource"/> (binary COPY) or a <see cref="PostgresSink"/> (<c>?table=t&amp;mode=replace</c>). Other
/// query parameters are Npgsql settings (<c>?SslMode=Require</c>).
/// </summary>
public sealed class PostgresConnector : IConnector
{
    private static readonly string[] Own = ["table", "query", "mode"];

    /// <inheritdoc />
    public string Name => "PostgreSQL";

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["postgres", "postgresql"];

    /// <inheritdoc />
    public bool CanWrite => true;

    /// <inheritdoc />
    public ISource CreateSource(ConnectorAddress address)
    {
        var query = SqlAddress.Query(address, SqlIdentifiers.QuoteTable);
        return new PostgresSource(ConnectionString(address), query, address.Secrets);
    }

    /// <inheritdoc />
    public ISink CreateSink(ConnectorAddress address)
    {
        var (table, mode) = SqlAddress.Table(address);
        return new PostgresSink(ConnectionString(address), table, mode, address.Secrets);
    }

    /// <inheritdoc />
    public ValueTask<ConnectorFacts> DescribeAsync(ConnectorAddress address, CancellationToken cancellationToken)
    {
        var table = address.Parameter("table");
        var source = CreateSource(address);
        var schema = SourceSchemas.Of(source, cancellationToken);
        long? estimate = null;
        if (table is not null)
        {
            using var connection = new NpgsqlConnection(ConnectionString(address));
            try
            {
                connection.Open();
                using var command = new NpgsqlCommand("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(@t)", connection);
                command.Parameters.AddWithValue("t", SqlIdentifiers.QuoteTable(table));
                if (command.ExecuteScalar() is long rows && rows >= 0) estimate = rows;
            }
            catch (NpgsqlException ex)
            {
                throw DatabaseErrors.Wrap(((IDatabaseEndpoint)source).Description, "cannot read the table's statistics", ex, [.. address.Secrets]);
            }
        }
        return ValueTask.FromResult(new ConnectorFacts(schema, estimate,
            new Dictionary<string, string> { ["estimate"] = estimate is null ? "none (a query, or a table never analysed)" : "pg_class.reltuples" }));
    }

    private static string ConnectionString(ConnectorAddress address)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        var text = AddressConnectionStrings.Build(address, builder, ("Host", "Port", "Username", "Password", "Database"), 5432, Own);
        return text;
    }
}
