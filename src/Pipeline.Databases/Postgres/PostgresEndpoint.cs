using Npgsql;
using Pipeline.Core.Errors;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Postgres;

/// <summary>A parsed PostgreSQL connection string: the string itself (kept private to the source or sink), its
/// passwords for redaction, and a password-free description such as <c>postgres://db:5432/sales</c>.</summary>
internal sealed class PostgresEndpoint
{
    private readonly string _connectionString;

    private PostgresEndpoint(string connectionString, string server, string[] secrets)
    {
        _connectionString = connectionString;
        Server = server;
        Secrets = secrets;
    }

    /// <summary><c>postgres://host:port/database</c>, never with credentials.</summary>
    public string Server { get; }

    /// <summary>Values to remove from any message.</summary>
    public string[] Secrets { get; }

    /// <summary>Parses a connection string (in Npgsql's <c>Key=Value;</c> form).</summary>
    /// <exception cref="PipelineException">The string is malformed; the message never repeats it.</exception>
    public static PostgresEndpoint Parse(string connectionString, string what, IEnumerable<string>? secretValues = null)
    {
        string[] secrets = [.. ConnectionSecrets.PasswordsIn(connectionString), .. secretValues ?? []];
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                ConnectionSecrets.Redact($"{what}: the PostgreSQL connection string is not valid: {ex.Message} (expected e.g. \"Host=db;Port=5432;Username=app;Password=${{PGPASSWORD}};Database=sales\")", secrets));
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: the PostgreSQL connection string has no Host");
        // Long queries and loads must not hit Npgsql's 30-second default unless the user asked for a limit.
        if (!builder.ContainsKey("Command Timeout") && !builder.ContainsKey("CommandTimeout")) builder.CommandTimeout = 0;
        var database = builder.Database ?? builder.Username ?? "postgres";
        // The description is shown everywhere: any value that came from a secret is redacted from it too.
        return new PostgresEndpoint(builder.ConnectionString, ConnectionSecrets.Redact($"postgres://{builder.Host}:{builder.Port}/{database}", secrets), secrets);
    }

    /// <summary>Opens a connection.</summary>
    public NpgsqlConnection Open(string description)
    {
        var connection = new NpgsqlConnection(_connectionString);
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
}
