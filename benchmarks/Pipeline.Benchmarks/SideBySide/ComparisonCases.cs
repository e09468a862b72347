using Pipeline.Benchmarks.Data;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>The list of cases the comparison runs, grouped by what they do, Pipeline first in each group.</summary>
public static class ComparisonCases
{
    /// <summary>Group: read every column of the CSV file.</summary>
    public const string CsvRead = "CSV full read";
    /// <summary>Group: read every column of the Parquet file.</summary>
    public const string ParquetRead = "Parquet full read";
    /// <summary>Group: CSV in, Parquet (snappy) out.</summary>
    public const string CsvToParquet = "CSV → Parquet";

    /// <summary>Group: profile every column of the Parquet file.</summary>
    public const string ProfileParquet = "Profile (Parquet)";
    /// <summary>Group: profile every column of the CSV file.</summary>
    public const string ProfileCsv = "Profile (CSV)";
    /// <summary>Group: exact duplicate-row count on the Parquet file.</summary>
    public const string DuplicateRows = "Duplicate rows (Parquet)";

    /// <summary>Builds the cases for one data set.</summary>
    /// <param name="data">The generated files.</param>
    /// <param name="duck">The DuckDB connection shared by DuckDB's cases.</param>
    public static IReadOnlyList<BenchCase> Build(BenchDataset data, DuckDbWorkloads duck)
    {
        string csv = data.CsvPath, parquet = data.ParquetPath;
        return
        [
            new(CsvRead, BenchCase.PipelineEngine, "FileFormats.OpenSource(csv) → all Arrow batches",
                ct => PipelineWorkloads.ReadAllAsync(csv, ct), () => PipelineWorkloads.Unavailable("csv")),
            new(CsvRead, "DuckDB", "SELECT * FROM read_csv(...) → Arrow batches (ExecuteArrowStream)",
                ct => duck.CsvToArrowAsync(csv, ct)),
            new(CsvRead, "DuckDB", "CREATE TEMP TABLE AS SELECT * FROM read_csv(...)",
                _ => Task.FromResult(duck.CsvToTable(csv))),

            new(ParquetRead, BenchCase.PipelineEngine, "FileFormats.OpenSource(parquet) → all Arrow batches",
                ct => PipelineWorkloads.ReadAllAsync(parquet, ct), () => PipelineWorkloads.Unavailable("parquet")),
            new(ParquetRead, "ParquetSharp", "FileReader.GetRecordBatchReader() → all batches (default properties)",
                ct => ParquetSharpWorkloads.ReadAllAsync(parquet, useThreads: false, ct)),
            new(ParquetRead, "ParquetSharp", "FileReader.GetRecordBatchReader() → all batches (UseThreads = true)",
                ct => ParquetSharpWorkloads.ReadAllAsync(parquet, useThreads: true, ct)),
            new(ParquetRead, "DuckDB", "SELECT * FROM read_parquet(...) → Arrow batches (ExecuteArrowStream)",
                ct => duck.ParquetToArrowAsync(parquet, ct)),
            new(ParquetRead, "DuckDB", "CREATE TEMP TABLE AS SELECT * FROM read_parquet(...)",
                _ => Task.FromResult(duck.ParquetToTable(parquet))),

            new(CsvToParquet, BenchCase.PipelineEngine, "BatchRunner: csv source → parquet sink (snappy)",
                ct => PipelineWorkloads.ConvertAsync(csv, data.OutputPath("pipeline"), ct),
                () => PipelineWorkloads.Unavailable("csv") ?? PipelineWorkloads.Unavailable("parquet")),
            new(CsvToParquet, "DuckDB", "COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet, snappy)",
                _ => Task.FromResult(duck.CsvToParquet(csv, data.OutputPath("duckdb")))),

            new(ProfileParquet, BenchCase.PipelineEngine, "Profiler.ProfileAsync: full profile (moments, KLL quantiles, HLL, top-k, patterns, Pearson/Spearman/Cramér's V, exact duplicate rows, alerts)",
                ct => PipelineWorkloads.ProfileAsync(parquet, ct), () => PipelineWorkloads.Unavailable("parquet")),
            new(ProfileParquet, "DuckDB", "SUMMARIZE SELECT * FROM read_parquet(...)",
                _ => Task.FromResult(duck.Summarize(parquet, csv: false))),
            new(ProfileCsv, BenchCase.PipelineEngine, "Profiler.ProfileAsync on the CSV file (same profile)",
                ct => PipelineWorkloads.ProfileAsync(csv, ct), () => PipelineWorkloads.Unavailable("csv")),
            new(ProfileCsv, "DuckDB", "SUMMARIZE SELECT * FROM read_csv(...)",
                _ => Task.FromResult(duck.Summarize(csv, csv: true))),
            new(DuplicateRows, BenchCase.PipelineEngine, "the full profile above (its duplicate_row_count is exact)",
                ct => PipelineWorkloads.ProfileAsync(parquet, ct), () => PipelineWorkloads.Unavailable("parquet")),
            new(DuplicateRows, "DuckDB", "SELECT count(*) - count(DISTINCT t) FROM read_parquet(...) t",
                _ => Task.FromResult(duck.DuplicateRows(parquet))),
        ];
    }
}
