using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Invalid UTF-8 in a CSV is never silent: counted with its first line in results.json warnings, and
/// replaced, quarantined or fatal as the user chooses.</summary>
public class CliInvalidUtf8Tests
{
    private static string Write(TempDirectory dir)
    {
        var bytes = new List<byte>("id,name\n1,ok\n2,"u8.ToArray());
        bytes.AddRange([0xC3, 0x28, (byte)'\n']);
        bytes.AddRange("3,fine\n4,"u8.ToArray());
        bytes.AddRange([0xFF, (byte)'x', (byte)'\n']);
        return dir.WriteBytes("in.csv", [.. bytes]);
    }

    [Theory]
    [InlineData("replace", 4, 0)]
    [InlineData("quarantine", 2, 2)]
    public async Task InvalidBytesAreCountedAndHandledByThePolicy(string policy, int written, int quarantined)
    {
        using var dir = new TempDirectory();
        var input = Write(dir);
        var c = await CliProcess.RunAsync(["convert", input, dir.File("out.csv"), "--invalid-utf8", policy, "--rejects", dir.File("rejects.parquet")]);
        Assert.True(c.ExitCode == 0, c.Stderr);
        Assert.Equal(written + 1, File.ReadAllLines(dir.File("out.csv")).Length);
        var v = await CliProcess.RunAsync(["validate", input, "--rules", dir.WriteText("rules.yaml", "rules:\n  - {name: id_present, column: id, not_null: true}\n"),
            "--out", dir.File("v-" + policy), "--invalid-utf8", policy]);
        Assert.True(v.ExitCode == 0, v.Stderr);
        var results = ResultsJson.Read(dir.File($"v-{policy}/results.json"));
        Assert.Equal(quarantined, results.Rows.Quarantined);
        var warning = Assert.Single(results.Warnings);
        Assert.Contains("2 record(s) held bytes that are not valid UTF-8, the first on line 3", warning);
    }

    [Fact]
    public async Task FailStopsAtTheFirstInvalidLine()
    {
        using var dir = new TempDirectory();
        var input = Write(dir);
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.csv"), "--invalid-utf8", "fail"]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("line 3", r.Stderr);
        Assert.Contains("not valid UTF-8", r.Stderr);
        Assert.False(File.Exists(dir.File("out.csv")));
    }
}
