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
    public async Task ProfilingAMissingFileIsBadInput()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["profile", dir.File("none.parquet"), "--out", dir.Path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none.parquet", r.Stderr);
    }
}
