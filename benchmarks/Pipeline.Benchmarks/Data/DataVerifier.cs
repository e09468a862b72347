using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.Data;

/// <summary>
/// Checks a generated data set with an independent reader (DuckDB): both files have the expected row count and
/// hold the same values, so the CSV writer's quoting and number formatting agree with the Parquet writer.
/// </summary>
public static class DataVerifier
{
    /// <summary>Runs the checks and writes one line per check; returns true when all pass.</summary>
    public static bool Verify(BenchDataset dataset, TextWriter log)
    {
        using var duck = new DuckDbWorkloads();
        long csvRows = duck.CsvToTable(dataset.CsvPath);
        long parquetRows = duck.ParquetToTable(dataset.ParquetPath);
        long differences = duck.CountDifferences(dataset.CsvPath, dataset.ParquetPath);
        bool ok = csvRows == dataset.Rows && parquetRows == dataset.Rows && differences == 0;
        log.WriteLine($"verify: CSV {csvRows:N0} rows, Parquet {parquetRows:N0} rows (expected {dataset.Rows:N0}), " +
                      $"{differences:N0} differing rows: {(ok ? "ok" : "FAILED")}");
        log.WriteLine($"verify: DuckDB reads the CSV as: {duck.DescribeCsv(dataset.CsvPath)}");
        return ok;
    }
}
