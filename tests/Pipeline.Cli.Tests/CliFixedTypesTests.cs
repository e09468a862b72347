using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>A rule written straight from the docs works on ordinary data: a column inferred as text because of one
/// bad value says how to fix it, and a fixed type quarantines the values that do not fit instead of widening.</summary>
public class CliFixedTypesTests
{
    [Fact]
    public async Task ARuleOnAColumnOfAnotherTypeSaysHowToFixItAndTheFixWorks()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("t.csv", "id,amount\n1,5.5\n2,oops\n3,7\n4,12\n");
        var rules = dir.WriteText("r.yaml", "rules:\n  - {name: amt, column: amount, between: [0, 10]}\n");
        var refused = await CliProcess.RunAsync(["validate", input, "--rules", rules, "--out", dir.File("a")]);
        Assert.True(refused.ExitCode == 2, refused.Stderr);
        Assert.Contains("--types amount=double", refused.Stderr);

        var fixedRun = await CliProcess.RunAsync(["validate", input, "--rules", rules, "--out", dir.File("b"), "--types", "amount=double"]);
        Assert.True(fixedRun.ExitCode == 1, fixedRun.Stderr); // 12 is out of range: an error rule failed
        var results = ResultsJson.Read(dir.File("b/results.json"));
        Assert.Equal(4, results.Rows.Read);
        Assert.Equal(2, results.Rows.Quarantined); // 'oops' by the reader (line 3), 12 by the rule
        Assert.Contains(results.Quarantine.Examples, e => e.Contains("t.csv:3:"));

        var spec = dir.WriteText("s.yaml", "source: {path: t.csv, csv: {types: {amount: double}, max_record_size: 1MiB, invalid_utf8: quarantine}}\nrules:\n  - {name: amt, column: amount, between: [0, 100]}\n");
        var specRun = await CliProcess.RunAsync(["run", spec, "--out", dir.File("c")]);
        Assert.True(specRun.ExitCode == 0, specRun.Stderr);
        Assert.Equal(1, ResultsJson.Read(dir.File("c/results.json")).Rows.Quarantined);
    }
}
