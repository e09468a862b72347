using BenchmarkDotNet.Attributes;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.Micro;

/// <summary>CSV to Parquet (snappy) conversion: Pipeline's runner with a Parquet sink against DuckDB's <c>COPY</c> (baseline).</summary>
[MemoryDiagnoser]
public class CsvToParquetBench
{
    private Data.BenchDataset? _data;
    private DuckDbWorkloads? _duck;

    /// <summary>Generates the data once and opens DuckDB (threads = logical cores).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = MicroData.Ensure();
        _duck = new DuckDbWorkloads();
    }

    /// <summary>Closes DuckDB.</summary>
    [GlobalCleanup]
    public void Cleanup() => _duck?.Dispose();

    /// <summary>DuckDB: <c>COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)</c>.</summary>
    [Benchmark(Baseline = true)]
    public long DuckDbCopy() => _duck!.CsvToParquet(_data!.CsvPath, _data.OutputPath("duckdb-micro"));

    /// <summary>Pipeline: <c>BatchRunner</c> from the CSV source to the Parquet sink.</summary>
    [Benchmark]
    public Task<long> PipelineConvert()
    {
        MicroData.RequirePipelineFormat("csv");
        MicroData.RequirePipelineFormat("parquet");
        return PipelineWorkloads.ConvertAsync(_data!.CsvPath, _data.OutputPath("pipeline-micro"));
    }
}
