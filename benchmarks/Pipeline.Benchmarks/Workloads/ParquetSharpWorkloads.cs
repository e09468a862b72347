using ParquetSharp.Arrow;

namespace Pipeline.Benchmarks.Workloads;

/// <summary>The Parquet baseline: ParquetSharp's own Arrow reader (Arrow C++ underneath).</summary>
public static class ParquetSharpWorkloads
{
    /// <summary>Reads every record batch of every row group and counts the rows.</summary>
    /// <param name="path">The Parquet file.</param>
    /// <param name="useThreads">False: default properties, the simplest call a .NET user makes (Arrow C++ decodes
    /// columns on one thread). True: Arrow C++ decodes columns in parallel on its own thread pool, its fastest
    /// simple setting, so a multi-threaded Pipeline reader is compared with a multi-threaded peer too.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    public static async Task<long> ReadAllAsync(string path, bool useThreads = false, CancellationToken cancellationToken = default)
    {
        using var arrowProperties = ArrowReaderProperties.GetDefault();
        arrowProperties.UseThreads = useThreads;
        using var reader = new FileReader(path, (ParquetSharp.ReaderProperties?)null, arrowProperties);
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
