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
    /// The heap hard limit for a budget: the budget plus max(64 MiB, budget / 4) of headroom for in-flight batches and
    /// analyzer states. Measured on a 2M-row CSV with a near-unique text column at a 64 MiB budget: the managed heap
    /// stays within it; what the process holds beyond the heap (the runtime, native Parquet and Arrow buffers, mapped
    /// spill pages) is measured in docs/reliability.md. A smaller headroom costs time under small budgets (the
    /// collector runs more often: with the former 176 MiB minimum a 128 MiB run was about a third faster).
    /// </summary>
    public static long For(long memoryLimit) => memoryLimit + Headroom(memoryLimit);

    /// <summary>The heap allowed beyond the budget: max(64 MiB, limit / 4).</summary>
    public static long Headroom(long memoryLimit) => Math.Max(64L << 20, memoryLimit / 4);

    /// <summary>Sets the GC heap hard limit to <see cref="For"/>(<paramref name="memoryLimit"/>), unless the process was started with one.</summary>
    public static void Apply(long memoryLimit)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is { Length: > 0 }) return;
        AppContext.SetData("GCHeapHardLimit", (ulong)For(memoryLimit));
        GC.RefreshMemoryLimit();
    }
}
