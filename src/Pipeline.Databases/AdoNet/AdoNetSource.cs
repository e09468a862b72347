using System.Data.Common;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Databases.AdoNet;

/// <summary>
/// A query against any ADO.NET provider as a source: the rows of its <see cref="DbDataReader"/> become typed Arrow
/// batches, streamed (one batch in memory at a time) and bounded by rows and bytes (<see cref="BatchLimits"/>).
/// </summary>
public class AdoNetSource : ISource, IDatabaseEndpoint
{
    private readonly Func<DbConnection> _connect;
    private readonly string _query;
    private readonly string[] _secrets;

    /// <summary>Creates the source.</summary>
    /// <param name="format">Format name for results (e.g. <c>sqlite</c>).</param>
    /// <param name="connect">Creates an unopened connection.</param>
    /// <param name="query">The SQL query.</param>
    /// <param name="description">Password-free description for results and errors.</param>
    /// <param name="secrets">Values to redact from error messages (the connection's passwords).</param>
    public AdoNetSource(string format, Func<DbConnection> connect, string query, string description, params string[] secrets)
    {
        Format = format;
        _connect = connect;
        _query = query;
        Description = description;
        _secrets = secrets;
    }

    /// <inheritdoc />
    public string Format { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Files => [];

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        DbConnection? connection = null;
        DbCommand? command = null;
        try
        {
            connection = _connect();
            connection.Open();
            command = connection.CreateCommand();
            command.CommandText = _query;
            command.CommandTimeout = 0;
            var declared = DeclaredTypesOf(connection, _query);
            Prepare(command);
            var reader = command.ExecuteReader();
            if (DeclaredTypesOf(reader) is { Length: > 0 } fromReader) declared = fromReader;
            return new DataReaderBatchStream(reader, BatchLimits.For(context), Description, declared, command, connection);
        }
        catch (Exception ex)
        {
            command?.Dispose();
            connection?.Dispose();
            throw DatabaseErrors.Wrap(Description, "the query failed", ex, _secrets);
        }
    }

    /// <summary>Full declared types of the query's columns where the provider's reader reports them only in part
    /// (null entries, or an empty array, leave the reader's own <see cref="DbDataReader.GetDataTypeName"/>).</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="query">The query.</param>
    protected virtual string?[] DeclaredTypesOf(DbConnection connection, string query) => [];

    /// <summary>Full declared types of the query's columns from the executed reader (its column schema), for providers
    /// whose type names alone are ambiguous (MySQL's <c>TINYINT(1)</c> booleans); an empty array keeps the others.</summary>
    /// <param name="reader">The executed reader, before its first row.</param>
    protected virtual string?[] DeclaredTypesOf(DbDataReader reader) => [];

    /// <summary>Readies the command before it runs (a provider whose binary protocol needs a prepared statement
    /// prepares it here); does nothing by default.</summary>
    /// <param name="command">The command, with its text set, on the open connection.</param>
    protected virtual void Prepare(DbCommand command)
    {
    }
}
