using System.Data.Common;
using MySqlConnector;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Connections;

namespace Pipeline.Connectors.MySql;

/// <summary>
/// A MySQL or MariaDB query as a source. MySqlConnector streams the result set from the socket row by row (nothing
/// is buffered beyond the current batch), and the rows become typed Arrow batches bounded by rows and bytes. Types
/// come from the server's column definitions (<see cref="MySqlColumnTypes"/>): <c>TINYINT(1)</c> is a boolean,
/// decimals keep their precision and scale, <c>JSON</c>, <c>ENUM</c> and <c>SET</c> are text.
/// </summary>
public sealed class MySqlSource : AdoNetSource
{
    internal MySqlSource(MySqlEndpoint endpoint, string query)
        : base("mysql", endpoint.Create, query, $"{endpoint.Server} ({ConnectionSecrets.QueryLabel(query)})", endpoint.Secrets)
        => Endpoint = endpoint;

    internal MySqlEndpoint Endpoint { get; }

    /// <summary>Prepares the statement: the server then sends rows in the binary protocol (numbers and dates as
    /// fixed-width values), which decode faster than the text protocol's digits.</summary>
    protected override void Prepare(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Prepare();
    }

    /// <inheritdoc />
    protected override string?[] DeclaredTypesOf(DbDataReader reader)
        => reader is MySqlDataReader mysql ? [.. mysql.GetColumnSchema().Select(c => MySqlColumnTypes.Declared((MySqlDbColumn)c))] : [];
}
