using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Databases.DuckDb;

/// <summary>
/// Writes the run's rows to a table in a DuckDB database file (the embedded warehouse), with typed columns mapped
/// from the Arrow schema. Rows go to a staging table inside one transaction that is committed only with the run, so
/// a failed or killed run leaves the previous table as it was (see <see cref="DuckDbSinkWriter"/>).
/// </summary>
public sealed class DuckDbSink : ISink, IDatabaseEndpoint
{
    private readonly string _database;
    private readonly string _table;
    private readonly TableWriteMode _mode;

    /// <summary>Creates the sink.</summary>
    /// <param name="database">Database file (created when missing).</param>
    /// <param name="table">Table name, optionally <c>schema.table</c>.</param>
    /// <param name="mode">What to do when the table exists.</param>
    public DuckDbSink(string database, string table, TableWriteMode mode = TableWriteMode.Replace)
    {
        _database = Path.GetFullPath(database);
        _table = table;
        _mode = mode;
        Description = $"duckdb://{_database} (table {table})";
    }

    /// <inheritdoc />
    public string Format => "duckdb";

    /// <inheritdoc />
    public string Target => Description;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
        => ValueTask.FromResult<ISinkWriter>(DuckDbSinkWriter.Start(_database, _table, _mode, schema, Description));
}
