using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Errors are classified right: bad input is exit 2 (or quarantined with its line), a file system that
/// refuses is exit 3 with one clear line; a stack trace only with PIPELINE_DEBUG.</summary>
public class CliErrorClassTests
{
    [Fact]
    public async Task JsonLinesWithInvalidUtf8OrALoneSurrogateAreBadLinesNotACrash()
    {
        using var dir = new TempDirectory();
        var bytes = new List<byte>();
        bytes.AddRange("{\"a\": 1, \"s\": \"ok\"}\n"u8.ToArray());
        bytes.AddRange("{\"a\": 2, \"s\": \""u8.ToArray()); bytes.AddRange([0xC3, 0x28]); bytes.AddRange("\"}\n"u8.ToArray());
        bytes.AddRange("{\"a\": 3, \"s\": \"\\ud800\"}\n"u8.ToArray());
        bytes.AddRange("{\"a\": 4, \"s\": \"fine\"}\n"u8.ToArray());
        var input = dir.WriteBytes("in.jsonl", [.. bytes]);
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.csv"), "--rejects", dir.File("rejects.csv")]);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("2 of 4 rows rejected", r.Stderr);
        Assert.Contains("in.jsonl:2:", r.Stderr);
        Assert.Contains("in.jsonl:3:", r.Stderr);
        Assert.Equal(3, File.ReadAllLines(dir.File("out.csv")).Length);
    }

    [Fact]
    public async Task AFullDiskIsAnExternalErrorOnOneLine()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{i}\n")));
        // /dev/full accepts the open and fails every write with ENOSPC.
        var r = await CliProcess.RunAsync(["convert", input, "/dev/full", "--format", "csv"]);
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("external error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task AnOutputFolderThatCannotBeWrittenIsAnExternalErrorOnOneLine()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a\n1\n2\n");
        // /proc is read-only for everyone, root included.
        var r = await CliProcess.RunAsync(["convert", input, "/proc/pipeline-test/out.csv"]);
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("external error", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'), l => l.StartsWith("pipeline:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}
