using ParquetSharp.Arrow;

namespace Pipeline.Benchmarks.Workloads;

/// <summary>The Parquet baseline: ParquetSharp's own Arrow reader (Arrow C++ underneath) with default properties.</summary>
public static class ParquetSharpWorkloads
{
    /// <summary>Reads every record batch of every row group and counts the rows.</summary>
    public static async Task<long> ReadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new FileReader(path);
        using var batches = reader.GetRecordBatchReader();
        long rows = 0;
        while (await batches.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            rows += batch.Length;
            batch.Dispose();
        }
        return rows;
    }
}
