using System.Diagnostics;
using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Inputs wide enough to exhaust memory in per-column state (20,000+ CSV columns, JSON lines with a new
/// key on every row) are refused quickly as bad input naming the limit.</summary>
public class CliWideInputTests
{
    [Fact]
    public async Task ACsvWiderThanTheColumnLimitIsRefused()
    {
        using var dir = new TempDirectory();
        var header = string.Join(",", Enumerable.Range(0, 20_001).Select(i => $"c{i}"));
        var row = string.Join(",", Enumerable.Range(0, 20_001).Select(i => (i % 10).ToString()));
        var input = dir.WriteText("wide.csv", header + "\n" + row + "\n" + row + "\n");
        var clock = Stopwatch.StartNew();
        var r = await CliProcess.RunAsync(["profile", input, "--out", dir.File("p")]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("--max-columns", r.Stderr);
        Assert.Contains("20,001 fields", r.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        var allowed = await CliProcess.RunAsync(["convert", input, dir.File("out.parquet"), "--max-columns", "30000"]);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
    }

    [Fact]
    public async Task JsonLinesWithANewKeyOnEveryRowStopAtTheLimit()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) text.Append("{\"k").Append(i).Append("\": ").Append(i).Append("}\n");
        var input = dir.WriteText("keys.jsonl", text.ToString());
        var clock = Stopwatch.StartNew();
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.parquet"), "--max-columns", "5000"]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("line 5001", r.Stderr);
        Assert.Contains("--max-columns", r.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
