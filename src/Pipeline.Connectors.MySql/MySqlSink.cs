using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Databases;

namespace Pipeline.Connectors.MySql;

/// <summary>
/// Writes the run's rows to a MySQL or MariaDB table (InnoDB) so that readers see the previous table until the run
/// commits: see <see cref="MySqlSinkWriter"/> for each mode. MySQL's DDL is not transactional, so replace and create
/// load a staging table and swap it in with one atomic <c>RENAME TABLE</c>.
/// </summary>
public sealed class MySqlSink : ISink, IDatabaseEndpoint
{
    private readonly MySqlEndpoint _endpoint;
    private readonly string _table;
    private readonly TableWriteMode _mode;

    internal MySqlSink(MySqlEndpoint endpoint, string table, TableWriteMode mode)
    {
        MySqlIdentifiers.QuoteTable(table);
        _endpoint = endpoint;
        _table = table;
        _mode = mode;
        Description = $"{endpoint.Server} (table {table})";
    }

    /// <inheritdoc />
    public string Format => "mysql";

    /// <inheritdoc />
    public string Target => Description;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
        => ValueTask.FromResult<ISinkWriter>(MySqlSinkWriter.Start(_endpoint, _table, _mode, schema, Description));
}
