namespace Pipeline.Core.Memory;

/// <summary>
/// Ties the .NET GC heap to the run's memory budget. The pool bounds what operators buffer, but the GC, left alone,
/// lets garbage pile up far past live data on a machine with free memory (a 128 MiB run measured 600+ MiB resident,
/// 395 MiB with a heap limit). A hard limit of the budget plus headroom for in-flight batches and analyzer states
/// makes the GC collect before the process grows past it. For hosts (the CLI) that own the process: a library
/// embedded in someone else's process should not call it.
/// </summary>
public static class ManagedHeapLimit
{
    /// <summary>
    /// Headroom above the budget: at least 176 MiB, or a quarter of the budget when that is more. Measured on the
    /// 10M-row CSV with a 128 MiB budget (exact dedup): a 256 MiB minimum peaked at 438 MiB resident, 176 MiB at 376
    /// MiB (the runtime, native libraries and mapped spill pages add about 70 MiB to the heap); 128 MiB ran a third
    /// slower as the collector ran ever more often.
    /// </summary>
    public static long For(long memoryLimit) => memoryLimit + Math.Max(176L << 20, memoryLimit / 4);

    /// <summary>Sets the GC heap hard limit to <see cref="For"/>(<paramref name="memoryLimit"/>), unless the process was started with one.</summary>
    public static void Apply(long memoryLimit)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is { Length: > 0 }) return;
        AppContext.SetData("GCHeapHardLimit", (ulong)For(memoryLimit));
        GC.RefreshMemoryLimit();
    }
}
