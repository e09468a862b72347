using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.DuckDb;

/// <summary>
/// Any DuckDB SQL query as a source, streamed as Arrow batches (DuckDB.NET's <c>ExecuteArrowStream</c>). With no
/// database file the query runs in an in-memory database, which is how <c>sql:</c> sources read Parquet, CSV and
/// JSON through DuckDB's own readers (<c>select * from 'orders.parquet'</c>). A database file must exist.
/// </summary>
public sealed class DuckDbSource : ISource, IDatabaseEndpoint
{
    private readonly string? _database;
    private readonly string _query;
    private readonly string? _fileSearchPath;

    /// <summary>Creates the source.</summary>
    /// <param name="database">DuckDB database file, or null for an in-memory database.</param>
    /// <param name="query">The SQL query.</param>
    /// <param name="fileSearchPath">Folder against which the query's relative file names resolve (DuckDB's
    /// <c>file_search_path</c>); specs pass their own folder. Null keeps the working directory.</param>
    public DuckDbSource(string? database, string query, string? fileSearchPath = null)
    {
        _database = database is null ? null : Path.GetFullPath(database);
        _query = query;
        _fileSearchPath = fileSearchPath;
        Description = $"duckdb://{_database ?? ":memory:"} ({ConnectionSecrets.QueryLabel(query)})";
    }

    /// <inheritdoc />
    public string Format => "duckdb";

    /// <inheritdoc />
    public IReadOnlyList<string> Files => [];

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        var connection = DuckDbConnections.Open(_database, readOnly: true, Description);
        try
        {
            if (_fileSearchPath is not null)
                DuckDbConnections.Execute(connection, $"SET file_search_path = {SqlIdentifiers.Literal(_fileSearchPath)}");
            var command = connection.CreateCommand();
            command.CommandText = _query;
            IArrowArrayStream stream;
            try { stream = command.ExecuteArrowStream(); }
            catch (Exception ex)
            {
                command.Dispose();
                throw DatabaseErrors.Wrap(Description, "the query failed", ex);
            }
            return new DuckDbQueryStream(stream, command, connection, Description);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
