using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;

namespace Pipeline.Connectors.Tests;

/// <summary>
/// A real MariaDB for the tests. <c>PIPELINE_TEST_MYSQL</c> (a <c>mysql://root@127.0.0.1:PORT/db</c> URI, set by
/// <c>.ci/mariadb.sh</c>) names a running server, which must answer; without it a throwaway server is started the
/// way that script does (Debian's <c>mariadb-install-db</c> and <c>mariadbd</c>, a temp folder, loopback, a free port).
/// Each test gets its own database.
/// </summary>
public sealed class MySqlServer : IDisposable
{
    /// <summary>The variable naming a running server.</summary>
    public const string EnvironmentVariable = "PIPELINE_TEST_MYSQL";

    private readonly Process? _process;
    private readonly string? _dir;

    public MySqlServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var uri = new Uri(configured);
            Host = uri.Host;
            Port = uri.Port;
            return;
        }
        _dir = Path.Combine(Path.GetTempPath(), "pipeline-mysql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        bool root = Environment.UserName == "root";
        if (root) Run("chown", $"mysql {_dir}");
        var user = root ? "--user=mysql " : "";
        Run("mariadb-install-db", $"--no-defaults {user}--datadir={_dir}/data --auth-root-authentication-method=normal --skip-test-db");
        Host = "127.0.0.1";
        Port = FreePort();
        _process = Process.Start(new ProcessStartInfo("mariadbd",
            $"--no-defaults {user}--datadir={_dir}/data --bind-address=127.0.0.1 --port={Port} --socket={_dir}/s.sock --pid-file={_dir}/p.pid " +
            "--innodb-flush-log-at-trx-commit=0 --max-allowed-packet=256M --character-set-server=utf8mb4 --skip-name-resolve --log-error=" + _dir + "/error.log")
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try { using var c = new MySqlConnection(Admin()); c.Open(); break; }
            catch (MySqlException) when (DateTime.UtcNow < deadline) { Thread.Sleep(300); }
        }
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>A connection string to the server (no database).</summary>
    public string Admin(string? database = null) => new MySqlConnectionStringBuilder
    {
        Server = Host, Port = (uint)Port, UserID = "root", Database = database ?? "", Pooling = false, DefaultCommandTimeout = 0,
    }.ConnectionString;

    /// <summary>Creates a fresh database; returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        Execute(null, $"CREATE DATABASE {name} CHARACTER SET utf8mb4");
        return name;
    }

    /// <summary>The <c>mysql://</c> URI of a database on this server.</summary>
    public string Uri(string database, string query) => $"mysql://root@{Host}:{Port}/{database}?{query}";

    public void Execute(string? database, string sql)
    {
        using var connection = new MySqlConnection(Admin(database));
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public List<object?> Column(string database, string sql)
    {
        using var connection = new MySqlConnection(Admin(database));
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    public void Dispose()
    {
        if (_process is null) return;
        try { _process.Kill(); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dir!, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {err.Result}");
    }
}

[CollectionDefinition("mysql")]
public sealed class MySqlCollection : ICollectionFixture<MySqlServer>;
