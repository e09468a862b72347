using Pipeline.Benchmarks.Data;

namespace Pipeline.Benchmarks.Micro;

/// <summary>
/// The data set of the micro benchmarks: 1,000,000 rows by default (<c>PIPELINE_BENCH_ROWS</c> overrides), in the
/// shared data folder, generated on first use. Small enough for BenchmarkDotNet's many iterations.
/// </summary>
public static class MicroData
{
    /// <summary>Rows used when <c>PIPELINE_BENCH_ROWS</c> is not set.</summary>
    public const long DefaultRows = 1_000_000;

    /// <summary>The data set, generated if missing.</summary>
    public static BenchDataset Ensure()
    {
        long rows = long.TryParse(Environment.GetEnvironmentVariable("PIPELINE_BENCH_ROWS"), out var r) && r > 0 ? r : DefaultRows;
        var dataset = new BenchDataset(BenchDataset.DefaultFolder(), rows);
        DataGenerator.Ensure(dataset, Console.Out);
        return dataset;
    }

    /// <summary>Throws with the reason when Pipeline lacks a format, so BenchmarkDotNet reports that benchmark
    /// as failed with a readable message while the peers' benchmarks in the same class still run.</summary>
    public static void RequirePipelineFormat(string format)
    {
        if (Workloads.PipelineWorkloads.Unavailable(format) is { } why)
            throw new NotSupportedException($"Pipeline: {why}");
    }
}
