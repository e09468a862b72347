using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>An Arrow IPC stream whose producer stopped (no end-of-stream marker, or cut inside a message) is bad
/// input, unless <c>--allow-truncated</c> accepts its complete batches and the run's status says so.</summary>
public class CliTruncatedArrowTests
{
    private static async Task<byte[]> StreamOfTwoBatchesAsync(TempDirectory dir)
    {
        var csv = dir.WriteText("in.csv", "id,name\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i},n{i}\n")));
        var r = await CliProcess.RunAsync(["convert", csv, "-", "--batch-size", "5"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], r.Stdout[^8..]);
        return r.Stdout;
    }

    [Fact]
    public async Task AStreamWithoutItsEndMarkerIsRefusedUnlessTruncationIsAllowed()
    {
        using var dir = new TempDirectory();
        var full = await StreamOfTwoBatchesAsync(dir);
        var cut = dir.WriteBytes("cut.arrows", full[..^8]);
        foreach (var stdin in new[] { false, true })
        {
            var args = stdin ? new[] { "convert", "-", dir.File("out.csv"), "--input-format", "arrows" } : ["convert", cut, dir.File("out.csv")];
            var r = await CliProcess.RunAsync(args, stdin ? File.ReadAllBytes(cut) : null);
            Assert.True(r.ExitCode == 2, $"stdin={stdin}: exit {r.ExitCode}: {r.Stderr}");
            Assert.Contains("end-of-stream marker", r.Stderr);
            Assert.False(File.Exists(dir.File("out.csv")));
        }

        var spec = dir.WriteText("spec.yaml", "source: cut.arrows\nsinks: [out.csv]\n");
        var allowed = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.True(allowed.ExitCode == 2, allowed.Stderr);
        var converted = await CliProcess.RunAsync(["convert", cut, dir.File("out.csv"), "--allow-truncated"]);
        Assert.True(converted.ExitCode == 0, converted.Stderr);
        Assert.Equal(11, File.ReadAllLines(dir.File("out.csv")).Length);
    }

    [Fact]
    public async Task AStreamCutInsideABatchKeepsTheCompleteBatchesWhenAllowedAndSaysSo()
    {
        using var dir = new TempDirectory();
        var full = await StreamOfTwoBatchesAsync(dir);
        // Cut in the middle of the second batch's body.
        var cut = full[..(full.Length - 40)];
        var spec = dir.WriteText("spec.yaml", "sinks: [out.parquet]\n");
        var refused = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("refused.json")], cut);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("results.json"), "--allow-truncated"], cut);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var results = ResultsJson.Read(dir.File("results.json"));
        Assert.Equal("truncated_input", results.Status);
        Assert.Equal(5, results.Rows.Read);
        Assert.Contains(results.Warnings, w => w.Contains("end-of-stream marker"));
    }
}
