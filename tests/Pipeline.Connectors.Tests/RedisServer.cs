using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Pipeline.Connectors.Tests;

/// <summary>
/// A real Redis for the tests. <c>PIPELINE_TEST_REDIS</c> (<c>host:port</c>, set by <c>.ci/redis.sh</c>) names a
/// running server, which must answer; without it a throwaway <c>redis-server</c> is started on loopback and a free
/// port. Tests use their own key prefixes and streams.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string EnvironmentVariable = "PIPELINE_TEST_REDIS";

    private readonly Process? _process;

    public RedisServer()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var parts = configured.Split(':');
            Host = parts[0];
            Port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Host = "127.0.0.1";
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            _process = Process.Start(new ProcessStartInfo("redis-server", $"--bind 127.0.0.1 --port {Port} --save \"\" --appendonly no")
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try { Connection = ConnectionMultiplexer.Connect($"{Host}:{Port},abortConnect=true,syncTimeout=60000,allowAdmin=true"); break; }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline) { Thread.Sleep(200); }
        }
    }

    public string Host { get; }

    public int Port { get; }

    public ConnectionMultiplexer Connection { get; }

    public IDatabase Db => Connection.GetDatabase(0);

    public string Uri(string scheme, string query) => $"{scheme}://{Host}:{Port}/0?{query}";

    public void Dispose()
    {
        Connection.Dispose();
        if (_process is null) return;
        try { _process.Kill(); _process.WaitForExit(5000); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}

[CollectionDefinition("redis")]
public sealed class RedisCollection : ICollectionFixture<RedisServer>;
