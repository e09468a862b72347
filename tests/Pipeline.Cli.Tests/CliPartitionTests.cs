using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>The partitioned run by hand: <c>pipeline plan --json</c>, one <c>validate --row-groups/--byte-range
/// --state</c> per descriptor, <c>pipeline merge</c> in another order: the results of one run.</summary>
public class CliPartitionTests
{
    private const string Rules = """
        rules:
          - {name: tip_positive, column: tip, greater_than: 1}
          - {name: bill_unique, column: total_bill, unique: true, severity: warn}
          - {name: mean_tip, column: tip, mean_between: [2, 4]}
        """;

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    public async Task PlannedPartitionsValidatedSeparatelyMergeIntoTheResultsOfOneRun(string format)
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", Rules);
        var input = Corpus.Path("seaborn-data", "tips.csv");
        if (format == "parquet")
        {
            var c = await CliProcess.RunAsync(["convert", input, dir.File("tips.parquet"), "--row-group-size", "40"]);
            Assert.True(c.ExitCode == 0, c.Stderr);
            input = dir.File("tips.parquet");
        }
        var whole = await CliProcess.RunAsync(["validate", input, "--rules", rules, "--out", dir.File("whole"), "--no-history"]);
        Assert.True(whole.ExitCode is 0 or 1, whole.Stderr);

        var plan = await CliProcess.RunAsync(["plan", input, "--partitions", "3", "--json"]);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        using var descriptors = JsonDocument.Parse(plan.Stdout);
        var states = new List<string>();
        int i = 0;
        foreach (var d in descriptors.RootElement.EnumerateArray())
        {
            var args = d.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
            Assert.Equal(format == "csv" ? "--byte-range" : "--row-groups", args[0]);
            var state = dir.File($"p{i}.state");
            var p = await CliProcess.RunAsync(["validate", input, .. args, "--rules", rules, "--out", dir.File($"p{i++}"), "--no-history", "--state", state]);
            Assert.True(p.ExitCode is 0 or 1, p.Stderr);
            states.Add(state);
        }
        Assert.Equal(3, states.Count);
        states.Reverse();
        var m = await CliProcess.RunAsync(["merge", .. states, "--out", dir.File("m")]);
        Assert.Equal(whole.ExitCode, m.ExitCode);

        using var a = JsonDocument.Parse(File.ReadAllText(dir.File("whole/results.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(dir.File("m/results.json")));
        Assert.Equal(a.RootElement.GetProperty("rows").GetRawText(), b.RootElement.GetProperty("rows").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("quality").GetRawText(), b.RootElement.GetProperty("quality").GetRawText());
        var ra = a.RootElement.GetProperty("rules").EnumerateArray().ToList();
        var rb = b.RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(ra.Count, rb.Count);
        foreach (var (x, y) in ra.Zip(rb))
            foreach (var key in new[] { "name", "passed", "failed_rows", "observed" })
                Assert.Equal(x.GetProperty(key).GetRawText(), y.GetProperty(key).GetRawText());
        // The rows tip_positive failed, numbered in the whole input.
        Assert.Equal(ra[0].GetProperty("examples").GetRawText(), rb[0].GetProperty("examples").GetRawText());
    }

    [Fact]
    public async Task AStateMergedTwiceOrADamagedStateIsBadInput()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", Rules);
        var p = await CliProcess.RunAsync(["validate", Corpus.Path("seaborn-data", "tips.csv"), "--byte-range", "0:3000", "--rules", rules,
            "--out", dir.File("p"), "--no-history", "--state", dir.File("p.state")]);
        Assert.True(p.ExitCode is 0 or 1, p.Stderr);
        var twice = await CliProcess.RunAsync(["merge", dir.File("p.state"), dir.File("p.state"), "--out", dir.File("m")]);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("overlaps", twice.Stderr);
        var bytes = File.ReadAllBytes(dir.File("p.state"));
        File.WriteAllBytes(dir.File("cut.state"), bytes[..(bytes.Length / 2)]);
        var cut = await CliProcess.RunAsync(["merge", dir.File("cut.state"), "--out", dir.File("m2")]);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("cut.state: corrupt run state", cut.Stderr);
    }
}
