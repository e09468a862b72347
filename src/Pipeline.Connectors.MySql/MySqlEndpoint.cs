using MySqlConnector;
using Pipeline.Databases;

namespace Pipeline.Connectors.MySql;

/// <summary>A MySQL server to connect to: the connection string (kept private to the source or sink), the
/// password-free <see cref="Server"/> label, and the secrets to redact from every message.</summary>
internal sealed class MySqlEndpoint
{
    private readonly string _connectionString;

    public MySqlEndpoint(string connectionString, string server, string[] secrets)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        // Long queries and loads must not hit the 30-second default; pooled connections are reset for each run.
        if (!builder.ContainsKey("Default Command Timeout")) builder.DefaultCommandTimeout = 0;
        _connectionString = builder.ConnectionString;
        Server = server;
        Secrets = secrets;
    }

    /// <summary><c>mysql://user@host:port/db</c>, never with the password.</summary>
    public string Server { get; }

    /// <summary>Values to remove from any message.</summary>
    public string[] Secrets { get; }

    /// <summary>An unopened connection.</summary>
    public MySqlConnection Create() => new(_connectionString);

    /// <summary>An open connection; a failure names the server, never the password.</summary>
    public MySqlConnection Open(string description)
    {
        var connection = Create();
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception ex)
        {
            connection.Dispose();
            throw DatabaseErrors.Wrap(description, "cannot connect", ex, Secrets);
        }
    }

    /// <summary>The row count InnoDB's statistics give for <paramref name="table"/> (approximate), or null.</summary>
    public long? EstimatedRows(string table, string description)
    {
        using var connection = Open(description);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT table_rows FROM information_schema.tables WHERE table_schema = COALESCE(@s, DATABASE()) AND table_name = @t";
            command.Parameters.AddWithValue("@s", MySqlIdentifiers.SchemaOf(table));
            command.Parameters.AddWithValue("@t", MySqlIdentifiers.NameOf(table));
            return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (MySqlException ex)
        {
            throw DatabaseErrors.Wrap(description, "cannot read the table's statistics", ex, Secrets);
        }
    }
}
