using BenchmarkDotNet.Attributes;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.Micro;

/// <summary>Full read of the generated Parquet file into Arrow batches: Pipeline and DuckDB against ParquetSharp's
/// Arrow reader (the baseline: the same Arrow C++ reader Pipeline could simply wrap).</summary>
[MemoryDiagnoser]
public class ParquetReadBench
{
    private string _parquet = "";
    private DuckDbWorkloads? _duck;

    /// <summary>Generates the data once and opens DuckDB (threads = logical cores).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _parquet = MicroData.Ensure().ParquetPath;
        _duck = new DuckDbWorkloads();
    }

    /// <summary>Closes DuckDB.</summary>
    [GlobalCleanup]
    public void Cleanup() => _duck?.Dispose();

    /// <summary>ParquetSharp: <c>FileReader.GetRecordBatchReader()</c>, every batch.</summary>
    [Benchmark(Baseline = true)]
    public Task<long> ParquetSharpRead() => ParquetSharpWorkloads.ReadAllAsync(_parquet);

    /// <summary>ParquetSharp with <c>UseThreads = true</c> (columns decoded in parallel).</summary>
    [Benchmark]
    public Task<long> ParquetSharpReadThreaded() => ParquetSharpWorkloads.ReadAllAsync(_parquet, useThreads: true);

    /// <summary>DuckDB: <c>SELECT * FROM read_parquet(...)</c> consumed as Arrow batches.</summary>
    [Benchmark]
    public Task<long> DuckDbReadParquet() => _duck!.ParquetToArrowAsync(_parquet);

    /// <summary>Pipeline: the registered Parquet source, every batch pulled.</summary>
    [Benchmark]
    public Task<long> PipelineReadParquet()
    {
        MicroData.RequirePipelineFormat("parquet");
        return PipelineWorkloads.ReadAllAsync(_parquet);
    }
}
