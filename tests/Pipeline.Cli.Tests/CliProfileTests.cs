using System.Text.Json;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliProfileTests
{
    [Fact]
    public async Task ProfileWritesProfileJsonAndASummary()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("344 rows × 7 columns", r.StdoutText);
        Assert.Contains("species", r.StdoutText);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("profile.json")));
        Assert.Equal(344, doc.RootElement.GetProperty("row_count").GetInt64());
        var sex = doc.RootElement.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "sex");
        Assert.Equal(11, sex.GetProperty("null_count").GetInt64());
    }

    [Fact]
    public async Task SampleProfilesOnlyTheFirstRows()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "diamonds.csv"), "--out", dir.Path, "--sample", "1000", "--batch-size", "300"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("profile.json")));
        Assert.Equal(1000, doc.RootElement.GetProperty("row_count").GetInt64());
    }

    [Fact]
    public async Task TheSummaryLevelWritesOnlyWhatSummarizeGives()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path, "--level", "summary"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("duplicates not counted (summary level)", r.StdoutText);
        Assert.False(File.Exists(dir.File("report.html")));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("profile.json")));
        Assert.Equal("summary", doc.RootElement.GetProperty("level").GetString());
        var mass = doc.RootElement.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "body_mass_g");
        Assert.Equal(2, mass.GetProperty("null_count").GetInt64());
        Assert.Equal(2700, mass.GetProperty("min").GetDouble());
        Assert.Equal(6300, mass.GetProperty("max").GetDouble());
        Assert.Equal(["p25", "p50", "p75"], mass.GetProperty("quantiles").EnumerateObject().Select(q => q.Name));
        Assert.Equal(0, mass.GetProperty("top_values").GetArrayLength());
        var species = doc.RootElement.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "species");
        Assert.Equal("Adelie", species.GetProperty("min").GetString());
        Assert.Equal("Gentoo", species.GetProperty("max").GetString());
    }

    [Fact]
    public async Task TheStandardLevelSaysSoAndAnUnknownLevelIsRefused()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path, "--level", "standard"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("profile.json")));
        Assert.Equal("standard", doc.RootElement.GetProperty("level").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("missing_together").GetArrayLength());
        var bad = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path, "--level", "quick"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("quick", bad.Stderr);
        var state = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "penguins.csv"), "--out", dir.Path, "--level", "summary", "--state"]);
        Assert.Equal(2, state.ExitCode);
        Assert.Contains("--state and --state-file need --level full", state.Stderr);
    }

    [Fact]
    public async Task ProfilingAMissingFileIsBadInput()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", dir.File("none.parquet"), "--out", dir.Path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none.parquet", r.Stderr);
    }
}

public class CliMergeTests
{
    [Fact]
    public async Task MergeCombinesPartitionProfilesWrittenWithState()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Corpus.Path("seaborn-data", "tips.csv"));
        File.WriteAllLines(dir.File("a.csv"), lines.Take(101));
        File.WriteAllLines(dir.File("b.csv"), lines.Take(1).Concat(lines.Skip(101)));
        foreach (var part in new[] { "a", "b" })
        {
            var p = await CliProcess.RunAsync(["profile", dir.File(part + ".csv"), "--out", dir.File(part), "--state"]);
            Assert.True(p.ExitCode == 0, p.Stderr);
        }
        var r = await CliProcess.RunAsync(["merge", dir.File("a/profile.json"), dir.File("b/profile.json"), "--out", dir.File("m")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("m/profile.json")));
        Assert.Equal(244, doc.RootElement.GetProperty("row_count").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("duplicate_row_count").GetInt64());
    }

    [Fact]
    public async Task MergeWithoutStateFilesIsBadInput()
    {
        using var dir = new TempDirectory();
        var p = await CliProcess.RunAsync(["profile", Corpus.Path("seaborn-data", "iris.csv"), "--out", dir.File("a")]);
        Assert.Equal(0, p.ExitCode);
        var r = await CliProcess.RunAsync(["merge", dir.File("a/profile.json")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--state", r.Stderr);
    }
}
