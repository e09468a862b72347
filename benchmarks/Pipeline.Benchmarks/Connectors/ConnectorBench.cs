using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using Pipeline.Hosting.Connectors;
using StackExchange.Redis;

namespace Pipeline.Benchmarks.Connectors;

/// <summary>
/// <c>connectors MYSQL_URI REDIS_HOST:PORT [RUNS]</c> (issue 20): reading 1M MySQL rows into Arrow through
/// <c>mysql://</c> against the <c>mysql --batch --quick</c> client writing them to /dev/null, run after run
/// alternately, medians compared; and the <c>redis-stream://</c> read rate of 1M stream messages through a fresh
/// consumer group each run (read, then XACK after the "commit"). The data is generated on the servers (MariaDB's
/// sequence engine, pipelined XADD) once and kept for later runs.
/// </summary>
internal static class ConnectorBench
{
    private const int Rows = 1_000_000;

    public static async Task<int> RunAsync(string mysqlUri, string redis, int runs, TextWriter output)
    {
        var mysql = new Uri(mysqlUri);
        var database = mysql.AbsolutePath.Trim('/');
        var admin = new MySqlConnectionStringBuilder { Server = mysql.Host, Port = (uint)mysql.Port, UserID = "root", Database = database, DefaultCommandTimeout = 0 }.ConnectionString;
        EnsureTable(admin, output);
        var pipelineTimes = new List<double>();
        var clientTimes = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            clientTimes.Add(Time(() => Client(mysql, database)));
            pipelineTimes.Add(Time(() => ReadAll($"{mysqlUri}?table=bench_1m", Rows)));
        }
        double p = Median(pipelineTimes), c = Median(clientTimes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mysql 1M rows: pipeline mysql:// -> Arrow {p:F2} s (runs {string.Join(", ", pipelineTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}), " +
            $"mysql --batch --quick > /dev/null {c:F2} s ({string.Join(", ", clientTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}); ratio {p / c:F2}x"));

        var stream = EnsureStream(redis, output);
        var rates = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            var group = "bench-" + Guid.NewGuid().ToString("N")[..8];
            var (source, _) = Addresses.Registry.OpenSource($"redis-stream://{redis}/0?stream={stream}&group={group}&count=10000");
            double seconds = Time(() =>
            {
                ReadAll(source, Rows);
                ((IAcknowledgedSource)source).AcknowledgeAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            });
            rates.Add(Rows / seconds);
            using var cleanup = ConnectionMultiplexer.Connect(redis);
            cleanup.GetDatabase().StreamDeleteConsumerGroup(stream, group);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"redis stream 1M messages (2 fields), read through a consumer group and acknowledged: median {Median(rates):N0} messages/s (runs {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})"));
        await Task.CompletedTask.ConfigureAwait(false);
        return 0;
    }

    private static void EnsureTable(string admin, TextWriter output)
    {
        using var connection = new MySqlConnection(admin);
        connection.Open();
        using var count = new MySqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'bench_1m'", connection);
        if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) return;
        output.WriteLine("creating bench_1m (1M rows: bigint, double, varchar, date, decimal, datetime)");
        using var create = new MySqlCommand("""
            CREATE TABLE bench_1m (id BIGINT PRIMARY KEY, x DOUBLE, label VARCHAR(32), d DATE, amount DECIMAL(10,2), at DATETIME) ENGINE=InnoDB;
            INSERT INTO bench_1m SELECT seq, seq * 1.5, CONCAT('label-', seq % 1000), DATE '2020-01-01' + INTERVAL (seq % 1500) DAY,
              (seq % 100000) / 100, TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_1000000;
            """, connection);
        create.ExecuteNonQuery();
    }

    private static string EnsureStream(string redis, TextWriter output)
    {
        const string stream = "bench:stream:1m";
        using var connection = ConnectionMultiplexer.Connect(redis + ",syncTimeout=120000");
        var db = connection.GetDatabase();
        if (db.KeyExists(stream) && db.StreamLength(stream) == Rows) return stream;
        db.KeyDelete(stream);
        output.WriteLine("creating bench:stream:1m (1M messages: n, text)");
        for (int start = 0; start < Rows; start += 50_000)
        {
            var batch = db.CreateBatch();
            var tasks = Enumerable.Range(start, 50_000).Select(i => batch.StreamAddAsync(stream, [new("n", i), new("text", "event " + i)])).ToArray();
            batch.Execute();
            Task.WaitAll(tasks);
        }
        return stream;
    }

    private static void Client(Uri mysql, string database)
    {
        var info = new ProcessStartInfo("bash", $"-c \"mysql --no-defaults --batch --quick -h {mysql.Host} -P {mysql.Port} -u root {database} -e 'SELECT * FROM bench_1m' > /dev/null\"");
        using var process = Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("the mysql client failed");
    }

    private static void ReadAll(string uri, long expected) => ReadAll(Addresses.Registry.OpenSource(uri).Source, expected);

    private static void ReadAll(ISource source, long expected)
    {
        using var context = new PipelineContext(new PipelineOptions());
        using var stream = source.Open(context);
        long rows = 0;
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            using (batch) rows += batch.Length;
        if (rows != expected) throw new InvalidOperationException($"read {rows} rows, expected {expected}");
    }

    private static double Time(Action action)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
