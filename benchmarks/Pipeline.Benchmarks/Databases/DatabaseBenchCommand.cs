using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Pipeline.Benchmarks.SideBySide;
using Pipeline.Core.Execution;
using Pipeline.Databases.DuckDb;
using Pipeline.Databases.Postgres;

namespace Pipeline.Benchmarks.Databases;

/// <summary>
/// The <c>databases</c> command: reading N rows from PostgreSQL into Arrow (Pipeline's binary COPY source) against
/// <c>psql \copy ... to /dev/null</c> on the same server, and the DuckDB sink's rate on M rows. Prints a table and
/// adds a section to <c>RESULTS.md</c>.
/// </summary>
public static class DatabaseBenchCommand
{
    private const string Table = "pipeline_bench";

    /// <summary>Runs the cases; returns the exit code (1 when a case failed or miscounted).</summary>
    public static async Task<int> RunAsync(DatabaseBenchOptions options, TextWriter output)
    {
        var started = DateTimeOffset.UtcNow;
        var load = MachineInfo.LoadAverage();
        var machine = MachineInfo.Current();
        output.WriteLine($"Machine: {machine}");
        var cases = new List<BenchCase>();
        string server = "no PostgreSQL";
        if (options.Connection is { } connection)
        {
            server = PrepareTable(connection, options.PostgresRows, output);
            var query = $"select * from {Table}";
            cases.Add(new BenchCase("PostgreSQL → Arrow", BenchCase.PipelineEngine, $"PostgresSource (binary COPY) → all Arrow batches: {query}",
                _ => Task.FromResult(ReadAll(new PostgresSource(connection, query)))));
            cases.Add(new BenchCase("PostgreSQL → Arrow", "psql", $"psql -c \"\\copy ({query}) to /dev/null\" (text)",
                _ => Task.FromResult(Psql(connection, $"\\copy ({query}) to /dev/null"))));
            cases.Add(new BenchCase("PostgreSQL → Arrow", "psql", $"psql -c \"\\copy ({query}) to /dev/null with (format binary)\"",
                _ => Task.FromResult(Psql(connection, $"\\copy ({query}) to /dev/null with (format binary)"))));
        }
        else output.WriteLine("PostgreSQL cases skipped: set PIPELINE_TEST_PG or pass --pg (see benchmarks/README.md)");

        var folder = Directory.CreateTempSubdirectory("pipeline-bench-duckdb-");
        try
        {
            var database = Path.Combine(folder.FullName, "bench.duckdb");
            cases.Add(new BenchCase("DuckDB sink", BenchCase.PipelineEngine, "BatchRunner: in-memory batches → DuckDbSink (replace, appender)",
                async _ => (await Copy(new SyntheticSource(options.DuckDbRows), new DuckDbSink(database, "bench")).ConfigureAwait(false)).RowsWritten));

            // DuckDB's own insert of the same kind of rows (generated inside DuckDB, one transaction): the rate the
            // storage layer allows on this machine, which bounds any appender.
            var reference = Path.Combine(folder.FullName, "reference.duckdb");
            cases.Add(new BenchCase("DuckDB sink", "DuckDB", "CREATE OR REPLACE TABLE AS SELECT (same 5 column types) FROM range(N), inside DuckDB",
                _ => Task.FromResult(DuckDbInsert(reference, options.DuckDbRows))));

            var results = new List<(CaseResult Result, long Rows)>();
            foreach (var benchCase in cases)
            {
                long rows = benchCase.Group == "DuckDB sink" ? options.DuckDbRows : options.PostgresRows;
                results.Add((await CaseRunner.RunAsync(benchCase, options.Runs, rows, output).ConfigureAwait(false), rows));
            }
            var section = Render(started, machine, server, load, MachineInfo.LoadAverage(), options, results);
            output.WriteLine();
            output.WriteLine(section);
            if (options.ResultsPath is { } path) Insert(path, section);
            return results.Any(r => r.Result.Problem is not null) ? 1 : 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static long ReadAll(PostgresSource source)
    {
        using var context = new PipelineContext();
        using var stream = source.Open(context);
        long rows = 0;
        while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            using (batch) rows += batch.Length;
        return rows;
    }

    private static Task<BatchOutcome> Copy(Core.Streams.ISource source, Core.Streams.ISink sink)
    {
        var context = new PipelineContext();
        return BatchRunner.RunAsync(new BatchPlan(source, [], [], [sink]), context).ContinueWith(t => { context.Dispose(); return t.Result; }, TaskScheduler.Default);
    }

    private static long DuckDbInsert(string database, long rows)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE OR REPLACE TABLE bench AS
            SELECT range AS id, CASE WHEN range % 20 = 7 THEN NULL ELSE (range * 7919 % 1000000) / 100.0 END::DOUBLE AS amount,
                   (range % 1000 + 1)::INTEGER AS quantity,
                   ['Books','Home, Garden','Toys','Crafts "DIY"','Électronique','食品','Sports','Music'][range % 8 + 1] AS category,
                   TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(range) AS ts
            FROM range({rows})
            """;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT count(*) FROM bench";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Creates the benchmark table once (kept between runs: same rows, same server).</summary>
    private static string PrepareTable(string connectionString, long rows, TextWriter output)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var count = new NpgsqlCommand($"select count(*) from {Table}", connection))
        {
            try { if ((long)count.ExecuteScalar()! == rows) return Describe(connection); }
            catch (PostgresException) { /* no table yet */ }
        }
        output.WriteLine($"creating {Table} with {rows:N0} rows ...");
        using var create = new NpgsqlCommand($"""
            drop table if exists {Table};
            create table {Table} as
              select i::bigint as id,
                     case when i % 20 = 7 then null else (i * 7919 % 1000000) / 100.0 end::double precision as amount,
                     (i % 1000 + 1)::integer as quantity,
                     (array['Books','Home, Garden','Toys','Crafts "DIY"','Électronique','食品','Sports','Music'])[i % 8 + 1] as category,
                     timestamptz '2024-01-01 00:00:00+00' + i * interval '1 second' as ts,
                     (i * 31 % 100000) / 100.0::numeric(12,2) as price
              from generate_series(0::bigint, {rows - 1}) as i;
            """, connection) { CommandTimeout = 0 };
        create.ExecuteNonQuery();
        // VACUUM cannot share a multi-statement command: it sets hint bits so every timed read sees the same pages.
        using var vacuum = new NpgsqlCommand($"vacuum analyze {Table}", connection) { CommandTimeout = 0 };
        vacuum.ExecuteNonQuery();
        return Describe(connection);
    }

    private static string Describe(NpgsqlConnection connection) => $"PostgreSQL {connection.PostgreSqlVersion} on {connection.Host}:{connection.Port} (same machine, over TCP)";

    /// <summary>Runs psql and returns the row count it reports (<c>COPY n</c>).</summary>
    private static long Psql(string connectionString, string command)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-X", "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", b.Database ?? "postgres", "-c", command })
            start.ArgumentList.Add(arg);
        if (b.Password is { } password) start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"psql failed: {stderr}");
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("COPY ", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line[5..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Render(DateTimeOffset started, MachineInfo m, string server, string? loadStart, string? loadEnd,
        DatabaseBenchOptions options, List<(CaseResult Result, long Rows)> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(inv, $"## {started:yyyy-MM-dd HH:mm} UTC: databases (PostgreSQL {options.PostgresRows:N0} rows, DuckDB sink {options.DuckDbRows:N0} rows)").AppendLine();
        s.AppendLine(inv, $"- Machine: {m.Cpu}; {m.LogicalCores} logical cores; {m.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB RAM; {m.Os}; {m.Runtime}");
        s.AppendLine(inv, $"- Server: {server}; DuckDB.NET {typeof(DuckDB.NET.Data.DuckDBConnection).Assembly.GetName().Version}");
        s.AppendLine(inv, $"- Timing: wall clock, 1 warm-up + {options.Runs} runs per case, best reported. The machine is shared with other builds: load average {loadStart ?? "?"} at start, {loadEnd ?? "?"} at end.");
        s.AppendLine(inv, $"- Table: id bigint, amount double (5% null), quantity integer, category text (unicode), ts timestamptz, price numeric(12,2).");
        s.AppendLine();
        s.AppendLine("| group | engine | what | runs (s) | best (s) | rows/s |");
        s.AppendLine("|---|---|---|---|---|---|");
        foreach (var (result, rows) in results)
        {
            var runs = result.Problem ?? string.Join(" / ", result.Seconds.Select(x => x.ToString("F3", inv)));
            var best = result.Best is { } b ? b.ToString("F3", inv) : "n/a";
            var rate = result.Best is { } t ? Rate(rows / t) : "n/a";
            s.AppendLine(inv, $"| {result.Case.Group} | {result.Case.Engine} | {Escape(result.Case.How)} | {Escape(runs)} | {best} | {rate} |");
        }
        var ours = results.FirstOrDefault(r => r.Result.Case.Group == "PostgreSQL → Arrow" && r.Result.Case.IsPipeline).Result?.Best;
        var psql = results.FirstOrDefault(r => r.Result.Case.Engine == "psql").Result?.Best;
        s.AppendLine();
        if (ours is { } o && psql is { } p)
            s.AppendLine(inv, $"PostgreSQL → Arrow / psql \\copy (text) = {o / p:F2}× (target ≤ 1.30×).");
        var duck = results.FirstOrDefault(r => r.Result.Case.Group == "DuckDB sink" && r.Result.Case.IsPipeline);
        if (duck.Result?.Best is { } d)
            s.AppendLine(inv, $"DuckDB sink: {duck.Rows / d / 1e6:F2} M rows/s (target ≥ 1 M rows/s).");
        return s.ToString();
    }

    private static string Rate(double perSecond) => perSecond >= 1e6 ? $"{perSecond / 1e6:F2} M" : $"{perSecond / 1e3:F0} k";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>Inserts the section as the newest run (RESULTS.md keeps runs newest first below its marker line).</summary>
    private static void Insert(string path, string section)
    {
        const string marker = "<!-- runs: newest first; written by `Pipeline.Benchmarks compare` -->";
        var body = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n\n" + marker + "\n";
        int at = body.IndexOf(marker, StringComparison.Ordinal);
        body = at < 0 ? body.TrimEnd() + "\n\n" + section
            : body[..(at + marker.Length)] + "\n\n" + section + "\n" + body[(at + marker.Length)..].TrimStart('\r', '\n');
        File.WriteAllText(path, body);
    }
}
