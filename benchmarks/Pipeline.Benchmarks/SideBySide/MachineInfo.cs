using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Benchmarks.SideBySide;

/// <summary>The machine a result was measured on; every published number carries it.</summary>
/// <param name="Cpu">CPU model (from <c>/proc/cpuinfo</c> on Linux).</param>
/// <param name="LogicalCores">Logical processors visible to the process.</param>
/// <param name="MemoryBytes">Physical memory (from <c>/proc/meminfo</c>; the GC's view elsewhere).</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Isa">The vector instruction sets the JIT can use.</param>
public sealed record MachineInfo(string Cpu, int LogicalCores, long MemoryBytes, string Os, string Runtime, string Isa)
{
    /// <summary>Describes the current machine.</summary>
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        MemoryTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        IsaFlags());

    /// <summary>One line for the console.</summary>
    public override string ToString()
        => $"{Cpu}, {LogicalCores} logical cores, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB RAM, {Os}, {Runtime}, ISA: {Isa}";

    /// <summary>The 1/5/15-minute load averages from <c>/proc/loadavg</c> (null where unavailable). Recorded at the
    /// start and end of a run: on a shared machine a high load explains noisy numbers.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))
                : null;
        }
        catch (IOException) { return null; }
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var colon and > 0)
                        return line[(colon + 1)..].Trim();
        }
        catch (IOException) { }
        return $"{RuntimeInformation.ProcessArchitecture} (model unknown)";
    }

    private static long MemoryTotal()
    {
        try
        {
            if (File.Exists("/proc/meminfo"))
                foreach (var line in File.ReadLines("/proc/meminfo"))
                    if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string IsaFlags()
    {
        var flags = new List<string>();
        if (Sse42.IsSupported) flags.Add("SSE4.2");
        if (Avx2.IsSupported) flags.Add("AVX2");
        if (Fma.IsSupported) flags.Add("FMA");
        if (Avx512F.IsSupported) flags.Add("AVX-512F");
        if (Avx512BW.IsSupported) flags.Add("AVX-512BW");
        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) flags.Add("AdvSIMD");
        flags.Add($"Vector256 {(Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
        flags.Add($"Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
        return string.Join(", ", flags);
    }
}
