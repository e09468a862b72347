namespace Pipeline.Accelerators.Tests;

/// <summary>One ILGPU CPU accelerator for the whole test class (kernel compilation is the slow part).</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    /// <summary>The kernels on ILGPU's CPU accelerator.</summary>
    public IlgpuCompute Compute { get; } = IlgpuCompute.CreateCpu();

    /// <inheritdoc />
    public void Dispose() => Compute.Dispose();
}
