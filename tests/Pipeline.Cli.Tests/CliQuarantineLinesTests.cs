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

    [Fact]
    public async Task JsonLinesRuleFailuresKeepTheirFileLineAcrossBlankAndRejectedLines()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("in"));
        // Line 3 is blank, line 4 is not JSON (quarantined by the reader), so rows and lines part ways.
        File.WriteAllText(dir.File("in/a.jsonl"), "{\"id\": 1, \"amount\": 5}\n{\"id\": 2, \"amount\": -3}\n\nnot json\n{\"id\": 3, \"amount\": 4}\n{\"id\": 4, \"amount\": -1}\n");
        File.WriteAllText(dir.File("in/b.jsonl"), "{\"id\": 5, \"amount\": 2}\n{\"id\": 6, \"amount\": -6}\n");
        var rules = dir.WriteText("r.yaml", "rules:\n  - {name: pos, column: amount, greater_than: 0}\n");
        var r = await CliProcess.RunAsync(["validate", dir.File("in/*.jsonl"), "--rules", rules, "--out", dir.File("run")]);
        Assert.True(r.ExitCode == 1, r.Stderr);
        var csv = await CliProcess.RunAsync(["convert", dir.File("run/quarantine.parquet"), "-", "--format", "csv"]);
        var lines = csv.StdoutText.Replace("\r\n", "\n").Split('\n');
        Assert.Contains(lines, l => l.StartsWith("2,-3,validate,") && l.Contains("a.jsonl,1,2,pos"));
        Assert.Contains(lines, l => l.StartsWith("4,-1,validate,") && l.Contains("a.jsonl,3,6,pos"));
        Assert.Contains(lines, l => l.StartsWith("6,-6,validate,") && l.Contains("b.jsonl,5,2,pos"));
        Assert.Contains(lines, l => l.Contains(",read,") && l.Contains("a.jsonl,,4,"));
    }
}
