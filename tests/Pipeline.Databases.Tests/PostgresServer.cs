using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Pipeline.Databases.Tests;

/// <summary>
/// A real PostgreSQL for the tests. When <c>PIPELINE_TEST_PG</c> holds a connection string (<c>.ci/run</c> starts a
/// server and sets it) that server is used; otherwise a throwaway cluster is started the same way <c>.ci/run</c> does:
/// Debian's <c>initdb</c> and <c>pg_ctl</c> run as the <c>postgres</c> user (they refuse root) in a temp folder, on
/// 127.0.0.1 and a free port, trust authentication, fsync off. Each test gets its own database.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>The environment variable that names an already running server.</summary>
    public const string EnvironmentVariable = "PIPELINE_TEST_PG";

    private readonly string? _dataDir;
    private readonly string? _pgCtl;

    /// <summary>Connects to the configured server or starts a temporary one.</summary>
    public PostgresServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) { AdminConnectionString = configured; return; }
        var bin = FindBinDirectory();
        _pgCtl = Path.Combine(bin, "pg_ctl");
        _dataDir = Path.Combine(Path.GetTempPath(), "pipeline-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDir);
        int port = FreePort();
        AsPostgres($"chown postgres {_dataDir}", asRoot: true);
        AsPostgres($"{Path.Combine(bin, "initdb")} -D {_dataDir}/data -U postgres -A trust -E UTF8 --no-locale");
        AsPostgres($"{_pgCtl} -D {_dataDir}/data -l {_dataDir}/log -w -t 60 -o \"-p {port} -k {_dataDir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    /// <summary>Connection string of the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Runs SQL against a database and returns the first column of every row, as text.</summary>
    public static List<string?> Query(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return values;
    }

    /// <summary>Runs SQL that returns nothing.</summary>
    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_dataDir is null) return;
        try { AsPostgres($"{_pgCtl} -D {_dataDir}/data -m immediate -w stop"); }
        finally
        {
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).OrderByDescending(d => d).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed (no {root}/*/bin/initdb): install the Debian package 'postgresql' or set {EnvironmentVariable}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AsPostgres(string command, bool asRoot = false)
    {
        bool root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root && !asRoot ? "runuser" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (root && !asRoot) { start.ArgumentList.Add("-u"); start.ArgumentList.Add("postgres"); start.ArgumentList.Add("--"); start.ArgumentList.Add("bash"); }
        if (!root && asRoot) return; // not root: the folder is already ours, and the server runs as us
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {stderr}{stdout.Result}");
    }
}

/// <summary>Shares one server among all PostgreSQL test classes.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "postgres";
}
