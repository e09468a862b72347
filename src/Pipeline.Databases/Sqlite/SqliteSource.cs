using Microsoft.Data.Sqlite;
using Pipeline.Core.Errors;
using Pipeline.Databases.AdoNet;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Sqlite;

/// <summary>A query against a SQLite database file (opened read-only). Types follow the declared column types, so
/// <c>BOOLEAN</c> columns are booleans and <c>TIMESTAMP</c> text is a timestamp (see <see cref="DeclaredTypes"/>).</summary>
public sealed class SqliteSource : AdoNetSource
{
    /// <summary>Creates the source.</summary>
    /// <param name="database">The SQLite file; it must exist.</param>
    /// <param name="query">The SQL query.</param>
    public SqliteSource(string database, string query)
        : base("sqlite", () => Connect(database), query, $"sqlite://{Path.GetFullPath(database)} ({ConnectionSecrets.QueryLabel(query)})")
    {
    }

    /// <inheritdoc />
    protected override string?[] DeclaredTypesOf(System.Data.Common.DbConnection connection, string query)
        => SqliteDeclaredTypes.Of((SqliteConnection)connection, query);

    private static SqliteConnection Connect(string database)
    {
        var full = Path.GetFullPath(database);
        if (!File.Exists(full))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"sqlite://{full}: database file not found");
        return new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly }.ToString());
    }
}
