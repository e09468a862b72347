using Npgsql;
using Pipeline.Databases.Connections;

namespace Pipeline.Databases.Postgres;

/// <summary>PostgreSQL connection strings written in specs, with <c>${NAME}</c> references to secrets.</summary>
public static class PostgresConnectionTemplate
{
    /// <summary>Expands a spec's connection template with <see cref="ConnectionSecrets.Expand"/> through Npgsql's own
    /// builder: the connection string, and every value that came from the environment (to redact).</summary>
    /// <exception cref="Core.Errors.PipelineException">The template is malformed or a variable is not set.</exception>
    public static (string ConnectionString, string[] Secrets) Expand(string template, string what, Func<string, string?>? environment = null)
        => ConnectionSecrets.Expand(template, what, new NpgsqlConnectionStringBuilder(), environment);
}
