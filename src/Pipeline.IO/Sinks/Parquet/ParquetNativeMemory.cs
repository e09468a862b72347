using ParquetSharp;

namespace Pipeline.IO.Sinks.Parquet;

/// <summary>
/// The native allocator the Parquet writer encodes with. Arrow C++ defaults to mimalloc in ParquetSharp's build, which
/// keeps the pages of every row group's encoders resident long after they are freed; jemalloc returns them within its
/// decay time at some CPU cost. Measured on a 2M-row CSV with a near-unique text column converted to Parquet under
/// <c>--memory-limit 64MiB</c>: about 300–350 MB peak RSS with mimalloc, 220–250 MB with jemalloc, for about 20% more
/// CPU (docs/reliability.md, "The memory limit"). So the choice follows
/// <see cref="Core.Options.PipelineOptions.CompactNativeMemory"/>.
/// </summary>
internal static class ParquetNativeMemory
{
    private static readonly Lazy<MemoryPool> Compact = new(ChooseCompact);

    /// <summary>The pool for a writer: jemalloc (where ParquetSharp's native library has it) when the options ask for
    /// compact native memory, else Arrow's default pool.</summary>
    public static MemoryPool For(Core.Options.PipelineOptions options) =>
        options.CompactNativeMemory ? Compact.Value : MemoryPool.GetDefaultMemoryPool();

    private static MemoryPool ChooseCompact()
    {
        // ARROW_DEFAULT_MEMORY_POOL set by the user wins: it is Arrow's documented way to pick an allocator.
        if (Environment.GetEnvironmentVariable("ARROW_DEFAULT_MEMORY_POOL") is { Length: > 0 }) return MemoryPool.GetDefaultMemoryPool();
        try
        {
            return MemoryPool.JemallocMemoryPool();
        }
        catch (ParquetException)
        {
            return MemoryPool.GetDefaultMemoryPool(); // a native build without jemalloc
        }
    }
}
