using BenchmarkDotNet.Attributes;
using Pipeline.Benchmarks.Workloads;

namespace Pipeline.Benchmarks.Micro;

/// <summary>Full read of the generated CSV into Arrow batches: Pipeline against DuckDB's <c>read_csv</c> (the baseline,
/// so the Ratio column reads as Pipeline / DuckDB).</summary>
[MemoryDiagnoser]
public class CsvReadBench
{
    private string _csv = "";
    private DuckDbWorkloads? _duck;

    /// <summary>Generates the data once and opens DuckDB (threads = logical cores).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _csv = MicroData.Ensure().CsvPath;
        _duck = new DuckDbWorkloads();
    }

    /// <summary>Closes DuckDB.</summary>
    [GlobalCleanup]
    public void Cleanup() => _duck?.Dispose();

    /// <summary>DuckDB: <c>SELECT * FROM read_csv(...)</c> consumed as Arrow batches.</summary>
    [Benchmark(Baseline = true)]
    public Task<long> DuckDbReadCsv() => _duck!.CsvToArrowAsync(_csv);

    /// <summary>Pipeline: the registered CSV source, every batch pulled.</summary>
    [Benchmark]
    public Task<long> PipelineReadCsv()
    {
        MicroData.RequirePipelineFormat("csv");
        return PipelineWorkloads.ReadAllAsync(_csv);
    }
}
