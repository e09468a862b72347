using System.Text;
using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliValidateTests
{
    private static string Orders(TempDirectory dir)
        => dir.WriteText("orders.csv", "order_id,amount,status\n1,10,paid\n2,-3,paid\n3,7,lost\n4,,new\n");

    [Fact]
    public async Task FailingErrorRuleExitsOneWithATableAndARunFolder()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", "rules:\n  - {name: amount_positive, column: amount, greater_than: 0}\n  - {name: status_valid, column: status, in_set: [new, paid], severity: warn}\n");
        var r = await CliProcess.RunAsync(["validate", Orders(dir), "--rules", rules, "--out", dir.File("run")]);
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Matches(@"FAIL\s+amount_positive\s+greater_than\s+amount\s+error\s+1", r.Stderr);
        Assert.Matches(@"WARN\s+status_valid\s+in_set\s+status\s+warn\s+1", r.Stderr);
        Assert.Contains("4 rows read = 3 passed + 1 quarantined + 0 dropped", r.Stderr);
        var results = ResultsJson.Read(dir.File("run/results.json"));
        Assert.Equal("checks_failed", results.Status);
        Assert.Equal("validate", results.Command);
        Assert.True(File.Exists(dir.File("run/quarantine.parquet")));
    }

    [Fact]
    public async Task PassingRulesExitZero()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", "- {column: order_id, unique: true}\n- {column: amount, greater_than: 0, severity: warn}\n");
        var r = await CliProcess.RunAsync(["validate", Orders(dir), "--rules", rules, "--out", dir.File("run")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("PASS", r.Stderr);
        Assert.Equal("ok", ResultsJson.Read(dir.File("run/results.json")).Status);
    }

    [Fact]
    public async Task ABadRulesFileExitsTwoWithLineColumnAndSuggestion()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", "- {column: amount, greter_than: 0}\n");
        var r = await CliProcess.RunAsync(["validate", Orders(dir), "--rules", rules, "--out", dir.File("run")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rules.yaml:1:20", r.Stderr);
        Assert.Contains("did you mean 'greater_than'", r.Stderr);
    }

    [Fact]
    public async Task AnUnknownColumnExitsTwo()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", "- {column: amont, not_null: true}\n");
        var r = await CliProcess.RunAsync(["validate", Orders(dir), "--rules", rules, "--out", dir.File("run")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did you mean 'amount'", r.Stderr);
    }

    [Fact]
    public async Task RunAcceptsRulesInTheSpec()
    {
        using var dir = new TempDirectory();
        Orders(dir);
        var spec = dir.WriteText("spec.yaml", new StringBuilder()
            .Append("source: orders.csv\nsinks: [out.parquet]\nrules:\n  - {column: amount, greater_than: 0}\n").ToString());
        var r = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.Equal(1, r.ExitCode);
        var results = ResultsJson.Read(dir.File("run/results.json"));
        Assert.Equal(3, results.Rows.Written);
        Assert.Equal(1, results.Rows.Quarantined);
        Assert.Equal(1, Assert.Single(results.Rules).FailedRows);
    }
}
