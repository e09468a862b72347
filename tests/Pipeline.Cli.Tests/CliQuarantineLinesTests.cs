using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Every quarantined row traces to its file line: rule failures carry the reader's line, across blank lines,
/// multi-line records and rejected rows, and across the files of a glob.</summary>
public class CliQuarantineLinesTests
{
    [Fact]
    public async Task RuleFailuresKeepTheirSourceFileAndLine()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("in"));
        File.WriteAllText(dir.File("in/a.csv"), "id,amount\n1,5\n\n2,-3\n3,\"x\ny\",\n4,-1\n5,2\n");
        File.WriteAllText(dir.File("in/b.csv"), "id,amount\n6,-6\n7,7\n");
        var rules = dir.WriteText("r.yaml", "rules:\n  - {name: pos, column: amount, greater_than: 0}\n");
        var r = await CliProcess.RunAsync(["validate", dir.File("in/*.csv"), "--rules", rules, "--out", dir.File("run")]);
        Assert.True(r.ExitCode == 1, r.Stderr);
        var csv = await CliProcess.RunAsync(["convert", dir.File("run/quarantine.parquet"), "-", "--format", "csv"]);
        var lines = csv.StdoutText.Replace("\r\n", "\n").Split('\n');
        Assert.Contains(lines, l => l.StartsWith("2,-3,validate,") && l.Contains("a.csv,1,4,pos"));
        Assert.Contains(lines, l => l.StartsWith("4,-1,validate,") && l.Contains("a.csv,2,7,pos"));
        Assert.Contains(lines, l => l.StartsWith("6,-6,validate,") && l.Contains("b.csv,4,2,pos"));
    }
}
