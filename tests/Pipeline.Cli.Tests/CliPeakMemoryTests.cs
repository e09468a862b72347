using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>
/// The memory limit means what docs/reliability.md says: on a 2M-row CSV with a near-unique text column, peak resident
/// memory under <c>--memory-limit 64MiB</c> stays under the documented bound: the limit, plus the heap headroom
/// max(64 MiB, L / 4), plus 60 MiB of runtime and buffers, plus 140 MiB more when writing Parquet (the native writer; a sort or dedup that spilled adds its merge, see the doc).
/// </summary>
public class CliPeakMemoryTests
{
    private const long MiB = 1L << 20;
    private const long Limit = 64 * MiB;
    private const long Headroom = 64 * MiB;

    private static string WriteNearUniqueCsv(TempDirectory dir)
    {
        var path = dir.File("near_unique.csv");
        var random = new Random(17);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("id,name,amount,category\n");
        for (int i = 0; i < 2_000_000; i++)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},user_{random.NextInt64(1L << 48):x}_{i},{random.NextDouble() * 1000:F3},c{i % 50}\n"));
        return path;
    }

    /// <summary>Peak resident set of one CLI run in bytes, from the kernel's own high-water mark as /usr/bin/time
    /// reports it (the maximum over the whole run, the last moments included).</summary>
    private static async Task<(int ExitCode, long PeakBytes, string Stderr)> RunMeasuredAsync(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", "PEAK_KB=%M", "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "pipeline.dll") }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["PIPELINE_HISTORY"] = "off";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        var line = stderr.Split('\n').Last(l => l.StartsWith("PEAK_KB=", StringComparison.Ordinal));
        return (process.ExitCode, long.Parse(line["PEAK_KB=".Length..], CultureInfo.InvariantCulture) * 1024, stderr);
    }

    [Fact]
    public async Task PeakMemoryStaysUnderTheDocumentedBound()
    {
        Assert.True(File.Exists("/usr/bin/time"), "/usr/bin/time (Debian package 'time') is needed to measure peak memory; .ci/run installs it");
        using var dir = new TempDirectory();
        var csv = WriteNearUniqueCsv(dir);

        var arrow = await RunMeasuredAsync("convert", csv, dir.File("out.arrow"), "--memory-limit", "64MiB");
        Assert.True(arrow.ExitCode == 0, arrow.Stderr);
        Assert.True(arrow.PeakBytes <= Limit + Headroom + 60 * MiB, $"convert to Arrow peaked at {arrow.PeakBytes / MiB} MiB");

        var parquet = await RunMeasuredAsync("convert", csv, dir.File("out.parquet"), "--memory-limit", "64MiB");
        Assert.True(parquet.ExitCode == 0, parquet.Stderr);
        Assert.True(parquet.PeakBytes <= Limit + Headroom + 60 * MiB + 140 * MiB, $"convert to Parquet peaked at {parquet.PeakBytes / MiB} MiB");
    }
}
