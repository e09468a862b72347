using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliReportTests
{
    [Fact]
    public async Task RunOnADataFileRunsTheDefaultPipeline()
    {
        using var dir = new TempDirectory();
        var run = dir.File("run");
        var r = await CliProcess.RunAsync(["run", Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"), "--out", run]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(r.Stdout);
        Assert.Contains("report.html", r.Stderr);
        foreach (var file in new[] { "results.json", "profile.json", "report.html", "dictionary.md", "quarantine.parquet" })
            Assert.True(File.Exists(Path.Combine(run, file)), file);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("spec").ValueKind);
        Assert.Equal(240, root.GetProperty("rows").GetProperty("read").GetInt64());
        Assert.Equal(5, root.GetProperty("rules").GetArrayLength());
        Assert.All(root.GetProperty("rules").EnumerateArray(), rule => Assert.Equal("warn", rule.GetProperty("severity").GetString()));
        // shipped_at is missing exactly for orders not shipped yet: structural (info), not the top data problem.
        var insights = root.GetProperty("insights").EnumerateArray().ToList();
        static string? FirstColumn(JsonElement i) => i.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).FirstOrDefault();
        static string? Kind(JsonElement i) => i.GetProperty("kind").GetString();
        var shipped = Assert.Single(insights, i => FirstColumn(i) == "shipped_at" && Kind(i) is "missing" or "structural_missing");
        Assert.Equal("structural_missing", shipped.GetProperty("kind").GetString());
        Assert.Equal("info", shipped.GetProperty("severity").GetString());
        Assert.Contains("exactly when status is new or paid", shipped.GetProperty("title").GetString());
        Assert.Equal(167, shipped.GetProperty("evidence").GetProperty("null_count").GetInt64());
        Assert.NotEqual("shipped_at", FirstColumn(insights[0]));
        // Where it is present, the shipping date never precedes the order: a cross-column rule, ready to paste.
        var order = Assert.Single(insights, i => Kind(i) == "order_rule" && FirstColumn(i) == "shipped_at");
        Assert.Equal("{name: 'shipped_at_not_before_ordered_at', expression: 'shipped_at >= ordered_at'}", order.GetProperty("rule").GetString());
        Assert.Equal(5, root.GetProperty("narrative").GetProperty("executive").GetArrayLength());
        Assert.Equal(Path.GetFullPath(Path.Combine(run, "report.html")), root.GetProperty("report").GetString());
    }

    [Fact]
    public async Task RunOnASpecStillRunsTheSpec()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "id,v\n1,2\n2,-1\n");
        var spec = dir.WriteText("p.yml", "source: in.csv\nrules:\n  - {name: v_positive, column: v, greater_than: 0}\n");
        var r = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.Equal(1, r.ExitCode);
        Assert.False(File.Exists(dir.File("run/report.html")));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("run/results.json")));
        Assert.Equal("checks_failed", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ProfileWritesTheReportBesideTheProfile()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var html = File.ReadAllText(dir.File("report.html"));
        Assert.Contains("<title>Pipeline report: penguins.csv</title>", html);
        Assert.Contains("the correlation reverses within species", html);
        Assert.True(File.Exists(dir.File("dictionary.md")));
    }
}
