using DuckDB.NET.Data;
using Pipeline.Core.Errors;

namespace Pipeline.Databases.DuckDb;

/// <summary>Opens DuckDB connections for sources and sinks. The native library loads on the first call, so runs
/// that never touch DuckDB never load it.</summary>
internal static class DuckDbConnections
{
    /// <summary>Opens a connection to a database file, or an in-memory database when <paramref name="database"/> is null.</summary>
    /// <param name="database">Path of the database file, or null.</param>
    /// <param name="readOnly">The caller only reads: the file must exist. It is still opened read-write, because DuckDB.NET
    /// shares one database instance per file within a process, and a read-only first open would make a sink writing
    /// to the same file in the same run fail.</param>
    /// <param name="description">Endpoint description for errors.</param>
    public static DuckDBConnection Open(string? database, bool readOnly, string description)
    {
        if (database is not null && readOnly && !File.Exists(database))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{description}: database file not found");
        if (database is not null && !readOnly)
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
        var connectionString = database is null ? "Data Source=:memory:" : $"Data Source={database}";
        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception ex)
        {
            connection.Dispose();
            throw DatabaseErrors.Wrap(description, "cannot open the database", ex);
        }
    }

    /// <summary>Runs a statement that returns nothing.</summary>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query that returns one value.</summary>
    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
