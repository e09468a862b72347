using System.Runtime.Intrinsics;

namespace Pipeline.Kernels;

/// <summary>Instruction-set paths a hand-written kernel can take.</summary>
public enum Isa
{
    /// <summary>Plain scalar loop; always available.</summary>
    Scalar,
    /// <summary>128-bit vectors (SSE2 / AdvSimd).</summary>
    Vector128,
    /// <summary>256-bit vectors (AVX2).</summary>
    Vector256,
    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512,
}

/// <summary>Chooses the widest vector path the machine accelerates. The environment variable
/// <c>PIPELINE_FORCE_ISA</c> (<c>scalar</c>, <c>vector128</c>, <c>vector256</c>, <c>vector512</c>) forces a
/// narrower path so tests and benchmarks can exercise each one (modelled on Sep's <c>SEPFORCEPARSER</c>);
/// a forced width the hardware lacks falls back to the best available one below it.</summary>
/// <remarks>Only hand-written kernels (the central-moment pass) honour it; work delegated to
/// <c>TensorPrimitives</c> picks its own width.</remarks>
public static class KernelDispatch
{
    /// <summary>Name of the environment variable that forces a path.</summary>
    public const string ForceIsaVariable = "PIPELINE_FORCE_ISA";

    /// <summary>The path hand-written kernels use in this process (read once at start-up).</summary>
    public static Isa Current { get; } = Clamp(Parse(Environment.GetEnvironmentVariable(ForceIsaVariable)) ?? Isa.Vector512);

    /// <summary>Every path this machine can run, narrowest first; tests run each.</summary>
    public static IReadOnlyList<Isa> Available { get; } = Enum.GetValues<Isa>().Where(i => Clamp(i) == i).ToArray();

    /// <summary>Parses an override value (case-insensitive); null when absent or unknown.</summary>
    public static Isa? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "scalar" => Isa.Scalar,
        "vector128" => Isa.Vector128,
        "vector256" => Isa.Vector256,
        "vector512" => Isa.Vector512,
        _ => null,
    };

    /// <summary>Lowers <paramref name="requested"/> to the widest path at or below it that the hardware accelerates.</summary>
    public static Isa Clamp(Isa requested)
    {
        if (requested >= Isa.Vector512 && Vector512.IsHardwareAccelerated) return Isa.Vector512;
        if (requested >= Isa.Vector256 && Vector256.IsHardwareAccelerated) return Isa.Vector256;
        if (requested >= Isa.Vector128 && Vector128.IsHardwareAccelerated) return Isa.Vector128;
        return Isa.Scalar;
    }
}
