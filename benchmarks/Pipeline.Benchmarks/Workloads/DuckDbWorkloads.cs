using DuckDB.NET.Data;

namespace Pipeline.Benchmarks.Workloads;

/// <summary>
/// The DuckDB peer, in-process through DuckDB.NET, on one in-memory database. Every query here materialises all
/// columns: <c>SELECT count(*) FROM read_csv(...)</c> would let DuckDB skip parsing columns and is not a full read.
/// </summary>
public sealed class DuckDbWorkloads : IDisposable
{
    private readonly DuckDBConnection _connection;

    /// <summary>Opens an in-memory database limited to <paramref name="threads"/> threads (the machine's cores by
    /// default), so DuckDB and Pipeline use the same hardware.</summary>
    public DuckDbWorkloads(int? threads = null)
    {
        Threads = threads ?? Environment.ProcessorCount;
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute($"SET threads={Threads}");
    }

    /// <summary>The <c>threads</c> setting in effect.</summary>
    public int Threads { get; }

    /// <summary>DuckDB's version string, for the results.</summary>
    public string Version => Scalar("SELECT version()")?.ToString() ?? "unknown";

    /// <summary>The column types DuckDB's CSV sniffer picks for the file (<c>name TYPE, ...</c>), printed with the
    /// results so a reader can check both engines parsed the same types (a timestamp read as text is cheaper).</summary>
    public string DescribeCsv(string csvPath)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {ReadCsv(csvPath)}";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add($"{reader.GetString(0)} {reader.GetString(1)}");
        return string.Join(", ", columns);
    }

    /// <summary>Rows that are in one file but not the other, compared as typed values (both directions of
    /// <c>EXCEPT ALL</c>); 0 means the CSV and the Parquet file hold exactly the same rows.</summary>
    public long CountDifferences(string csvPath, string parquetPath)
    {
        string csv = $"SELECT * FROM {ReadCsv(csvPath)}", parquet = $"SELECT * FROM {ReadParquet(parquetPath)}";
        var count = Scalar($"SELECT count(*) FROM (({csv} EXCEPT ALL {parquet}) UNION ALL ({parquet} EXCEPT ALL {csv}))");
        return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Parses the whole CSV into a temporary table (DuckDB's own columnar storage, parallel) and returns its rows.</summary>
    public long CsvToTable(string csvPath) => ToTable(ReadCsv(csvPath));

    /// <summary>Reads the whole Parquet file into a temporary table and returns its rows.</summary>
    public long ParquetToTable(string parquetPath) => ToTable(ReadParquet(parquetPath));

    /// <summary>Reads the whole CSV as Arrow record batches (the same output shape as Pipeline's reader).</summary>
    public Task<long> CsvToArrowAsync(string csvPath, CancellationToken cancellationToken = default)
        => ToArrowAsync($"SELECT * FROM {ReadCsv(csvPath)}", cancellationToken);

    /// <summary>Reads the whole Parquet file as Arrow record batches.</summary>
    public Task<long> ParquetToArrowAsync(string parquetPath, CancellationToken cancellationToken = default)
        => ToArrowAsync($"SELECT * FROM {ReadParquet(parquetPath)}", cancellationToken);

    /// <summary>Converts CSV to Parquet with <c>COPY ... TO</c> (snappy, 1M-row row groups like Pipeline's sink)
    /// and returns the rows written.</summary>
    public long CsvToParquet(string csvPath, string parquetPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(parquetPath))!);
        // COPY reports the rows it wrote as the statement's affected-row count.
        return Execute($"COPY (SELECT * FROM {ReadCsv(csvPath)}) TO {Literal(parquetPath)} " +
                       "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1048576)");
    }

    /// <inheritdoc />
    /// <summary>DuckDB's <c>SUMMARIZE</c> of every column (min, max, approx_unique, avg, std, q25/q50/q75, count,
    /// null_percentage); reads the whole result and returns its <c>count</c> (the row count).</summary>
    public long Summarize(string path, bool csv)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SUMMARIZE SELECT * FROM {(csv ? ReadCsv(path) : ReadParquet(path))}";
        using var reader = command.ExecuteReader();
        long rows = -1;
        int countColumn = reader.GetOrdinal("count");
        while (reader.Read()) rows = Convert.ToInt64(reader.GetValue(countColumn), System.Globalization.CultureInfo.InvariantCulture);
        return rows;
    }

    /// <summary>Exact duplicate rows as <c>count(*) - count(DISTINCT whole row)</c>; returns the row count (the
    /// duplicate count is computed and read, not returned, so the harness can check the rows seen).</summary>
    public long DuplicateRows(string parquetPath)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(*) - count(DISTINCT t) FROM {ReadParquet(parquetPath)} t";
        using var reader = command.ExecuteReader();
        reader.Read();
        _ = reader.GetInt64(1);
        return reader.GetInt64(0);
    }

    public void Dispose() => _connection.Dispose();

    internal static string ReadCsv(string path) => $"read_csv({Literal(path)}, header=true)";

    internal static string ReadParquet(string path) => $"read_parquet({Literal(path)})";

    internal static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private long ToTable(string tableFunction)
    {
        try
        {
            Execute($"CREATE OR REPLACE TEMP TABLE bench_t AS SELECT * FROM {tableFunction}");
            return Convert.ToInt64(Scalar("SELECT count(*) FROM bench_t"), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            // Dropping is part of the cost a full read leaves behind; it also frees the memory for the next run.
            Execute("DROP TABLE IF EXISTS bench_t");
        }
    }

    private async Task<long> ToArrowAsync(string sql, CancellationToken cancellationToken)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var stream = command.ExecuteArrowStream();
        long rows = 0;
        while (await stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }

    private int Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
