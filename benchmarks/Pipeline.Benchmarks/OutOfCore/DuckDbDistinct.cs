using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Pipeline.Benchmarks.OutOfCore;

/// <summary>
/// DuckDB's exact distinct-row count of a CSV under a memory limit: <c>SELECT count(*), count(DISTINCT t) FROM
/// read_csv(...) t</c> (the <c>COUNT(DISTINCT *)</c> of the issue) on an in-memory database with
/// <c>memory_limit</c>, <c>threads</c> and a temp directory for its own spilling. Run under <c>/usr/bin/time -v</c>
/// for the peak RSS.
/// </summary>
public static class DuckDbDistinct
{
    /// <summary>Runs the query and prints rows, distinct rows and seconds; returns 0, or 1 when DuckDB fails (e.g. out of memory).</summary>
    public static int Run(string csvPath, string memoryLimit, int threads, string tempDirectory, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            Execute(connection, $"SET threads={threads}");
            Execute(connection, $"SET memory_limit='{memoryLimit}'");
            Execute(connection, $"SET temp_directory='{tempDirectory.Replace("'", "''", StringComparison.Ordinal)}'");
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*), count(DISTINCT t) FROM read_csv('{csvPath.Replace("'", "''", StringComparison.Ordinal)}', header=true) t";
            using var reader = command.ExecuteReader();
            reader.Read();
            long rows = reader.GetInt64(0), distinct = reader.GetInt64(1);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"duckdb: memory_limit={memoryLimit} threads={threads}: {rows} rows, {distinct} distinct, {rows - distinct} duplicates in {watch.Elapsed.TotalSeconds:F2} s"));
            return 0;
        }
        catch (DuckDBException ex)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb: memory_limit={memoryLimit}: FAILED after {watch.Elapsed.TotalSeconds:F2} s: {ex.Message}"));
            return 1;
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
