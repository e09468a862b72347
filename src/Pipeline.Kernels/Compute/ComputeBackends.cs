namespace Pipeline.Kernels.Compute;

/// <summary>
/// Picks where numeric work runs. The CPU path (<see cref="SimdCompute"/>) is the default; a GPU backend is offered
/// by the host (the CLI registers <c>Pipeline.Accelerators</c>) as a lazy factory, so the ILGPU assemblies and the
/// GPU driver are loaded only when a workload is large enough to pay for the transfer, and never by an embedding
/// application that does not register one.
/// </summary>
/// <remarks>The environment variable <c>PIPELINE_GPU</c> overrides the choice: <c>off</c> never uses a GPU,
/// <c>auto</c> (default) uses one for workloads of at least <see cref="MinGpuElements"/> values on hosts with fewer
/// than <see cref="MaxCoresForGpu"/> cores, <c>always</c> uses one for every workload (tests and benchmarks).
/// Why the core limit: these statistics are memory-bound, so the PCIe copy costs about what the CPU needs to fold the
/// data. Measured on an H200 host with 16 cores, the 20M-row profile took 6.8 s on the CPU and 7.9 s with every
/// batch on the GPU; one core is 5-8x slower than the GPU kernels (benchmarks/RESULTS.md).</remarks>
public static class ComputeBackends
{
    /// <summary>Name of the environment variable that overrides the choice.</summary>
    public const string GpuVariable = "PIPELINE_GPU";

    private static Func<IColumnCompute?>? s_gpuFactory;
    private static Lazy<IColumnCompute?> s_gpu = new(() => null);

    /// <summary>Values (rows × columns touched) below which the CPU wins: copying 2^20 doubles to a GPU over PCIe
    /// takes about as long as the CPU needs to fold them.</summary>
    public static long MinGpuElements { get; set; } = 1L << 20;

    /// <summary>Hosts with at least this many cores keep the work on the CPU under <c>auto</c>.</summary>
    public static int MaxCoresForGpu { get; set; } = 8;

    /// <summary>The GPU policy read from <see cref="GpuVariable"/> at start-up.</summary>
    public static string Policy { get; } = (Environment.GetEnvironmentVariable(GpuVariable) ?? "auto").Trim().ToLowerInvariant();

    /// <summary>Offers a GPU backend. The factory runs at most once, on the first large workload; it returns null
    /// when no GPU is present, and the CPU path is used from then on.</summary>
    public static void RegisterGpu(Func<IColumnCompute?> factory)
    {
        s_gpuFactory = factory;
        s_gpu = new Lazy<IColumnCompute?>(() =>
        {
            try { return s_gpuFactory?.Invoke(); }
            catch (Exception) { return null; } // a broken driver must not fail the run: the CPU path is always right
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The GPU backend if one is registered and present (creating it on first use), else null.</summary>
    public static IColumnCompute? Gpu => Policy == "off" || s_gpuFactory is null ? null : s_gpu.Value;

    /// <summary>The backend for a workload of <paramref name="elements"/> values.</summary>
    public static IColumnCompute For(long elements)
    {
        if (Policy == "off" || s_gpuFactory is null) return SimdCompute.Instance;
        if (Policy != "always" && (elements < MinGpuElements || Environment.ProcessorCount >= MaxCoresForGpu)) return SimdCompute.Instance;
        return Gpu ?? SimdCompute.Instance;
    }
}
