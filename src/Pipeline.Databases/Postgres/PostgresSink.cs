using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// Writes the run's rows to a PostgreSQL table with binary COPY import, inside one transaction committed only with
/// the run: a failed, cancelled or killed run (the server rolls back a dropped connection) leaves the previous table
/// as it was. See <see cref="PostgresSinkWriter"/> for each mode.
/// </summary>
public sealed class PostgresSink : ISink, IDatabaseEndpoint
{
    private readonly PostgresEndpoint _endpoint;
    private readonly string _table;
    private readonly TableWriteMode _mode;

    /// <summary>Creates the sink.</summary>
    /// <param name="connectionString">Npgsql connection string (secrets already expanded from the environment).</param>
    /// <param name="table">Table name, optionally <c>schema.table</c>.</param>
    /// <param name="mode">What to do when the table exists.</param>
    /// <param name="secrets">Values to redact from every message besides the passwords in the string (see
    /// <see cref="PostgresConnectionTemplate.Expand"/>).</param>
    /// <exception cref="Core.Errors.PipelineException">The connection string or table name is malformed.</exception>
    public PostgresSink(string connectionString, string table, TableWriteMode mode = TableWriteMode.Replace, IEnumerable<string>? secrets = null)
    {
        SqlIdentifiers.QuoteTable(table);
        _endpoint = PostgresEndpoint.Parse(connectionString, "postgres sink", secrets);
        _table = table;
        _mode = mode;
        Description = $"{_endpoint.Server} (table {table})";
    }

    /// <inheritdoc />
    public string Format => "postgres";

    /// <inheritdoc />
    public string Target => Description;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
        => ValueTask.FromResult<ISinkWriter>(PostgresSinkWriter.Start(_endpoint, _table, _mode, schema, Description));
}
