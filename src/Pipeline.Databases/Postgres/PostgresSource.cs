using System.Data;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Npgsql;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Postgres;

/// <summary>
/// A PostgreSQL query as a source, read with binary COPY export (<c>COPY (query) TO STDOUT (FORMAT BINARY)</c>), the
/// fastest way out of PostgreSQL, decoded straight into Arrow buffers (<see cref="PostgresCopyStream"/>). Column types come from describing the query first (no rows are fetched for that):
/// integers, floats, booleans, text, bytea, dates, times, timestamps (zoned ones in UTC) and numerics with a declared
/// precision up to 28 digits (as Arrow decimal128) are read natively; everything else arrives as exact text.
/// </summary>
public sealed class PostgresSource : ISource, IDatabaseEndpoint
{
    private readonly PostgresEndpoint _endpoint;
    private readonly string _query;

    /// <summary>Creates the source.</summary>
    /// <param name="connectionString">Npgsql connection string (secrets already expanded from the environment).</param>
    /// <param name="query">The SQL query.</param>
    /// <param name="secrets">Values to redact from every message besides the passwords in the string (the values
    /// expanded from <c>${NAME}</c> references, see <see cref="PostgresConnectionTemplate.Expand"/>).</param>
    /// <exception cref="Core.Errors.PipelineException">The connection string is malformed.</exception>
    public PostgresSource(string connectionString, string query, IEnumerable<string>? secrets = null)
    {
        _query = query.Trim().TrimEnd(';').Trim();
        _endpoint = PostgresEndpoint.Parse(connectionString, "postgres source", secrets);
        Description = $"{_endpoint.Server} ({ConnectionSecrets.QueryLabel(query)})";
    }

    /// <inheritdoc />
    public string Format => "postgres";

    /// <inheritdoc />
    public IReadOnlyList<string> Files => [];

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        var connection = _endpoint.Open(Description);
        try
        {
            var columns = Describe(connection);
            var select = columns.Any(c => c.CastToText)
                ? "SELECT " + string.Join(", ", columns.Select(c => "_q." + SqlIdentifiers.Quote(c.Plan.Name) + (c.CastToText ? "::text" : "")))
                  + $" FROM ({_query}) AS _q"
                : _query;
            NpgsqlRawCopyStream copy;
            try { copy = connection.BeginRawBinaryCopy($"COPY ({select}) TO STDOUT (FORMAT BINARY)"); }
            catch (Exception ex) { throw DatabaseErrors.Wrap(Description, "the query failed", ex, _endpoint.Secrets); }
            return new PostgresCopyStream(copy, connection, columns.Select(c => c.Plan).ToArray(), BatchLimits.For(context), Description, _endpoint.Secrets);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private List<(Arrow.ColumnPlan Plan, bool CastToText)> Describe(NpgsqlConnection connection)
    {
        try
        {
            using var command = new NpgsqlCommand(_query, connection);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            return reader.GetColumnSchema().Select(PostgresCopyColumns.Plan).ToList();
        }
        catch (Exception ex) { throw DatabaseErrors.Wrap(Description, "the query failed", ex, _endpoint.Secrets); }
    }
}
