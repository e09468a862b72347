using Pipeline.Kernels.Compute;

namespace Pipeline.Accelerators;

/// <summary>Offers the GPU to <see cref="ComputeBackends"/>. Nothing is loaded or probed until the first workload
/// large enough for a GPU; on a machine without one the probe returns null once and the CPU path is used.</summary>
public static class GpuRegistration
{
    /// <summary>Registers the lazy GPU factory (idempotent in effect: the last registration wins).</summary>
    public static void Register() => ComputeBackends.RegisterGpu(() => IlgpuCompute.TryCreateGpu());
}
