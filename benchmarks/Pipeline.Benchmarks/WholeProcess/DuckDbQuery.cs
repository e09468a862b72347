using System.Globalization;
using DuckDB.NET.Data;

namespace Pipeline.Benchmarks.WholeProcess;

/// <summary>
/// <c>duckdb-query SQL</c>: DuckDB as a whole process for the whole-process comparisons (no DuckDB CLI binary can be
/// installed here): one in-memory database with <c>threads</c> = the machine's cores, one statement, every result row
/// printed tab-separated on stdout. The process start of this executable is part of what is timed; the harness
/// measures it with <c>SELECT 1</c> and states it beside the numbers.
/// </summary>
public static class DuckDbQuery
{
    /// <summary>Runs <paramref name="sql"/> and prints its rows; returns 0, or 1 when DuckDB fails.</summary>
    public static int Run(string sql, TextWriter output)
    {
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = $"SET threads = {Environment.ProcessorCount}";
                setup.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var values = new string[reader.FieldCount];
            while (reader.Read())
            {
                for (int i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                output.WriteLine(string.Join('\t', values));
            }
            return 0;
        }
        catch (DuckDBException ex)
        {
            Console.Error.WriteLine($"duckdb: {ex.Message}");
            return 1;
        }
    }
}
