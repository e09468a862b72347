using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliUsageTests
{
    [Fact]
    public async Task HelpGoesToStderrAndExitsZero()
    {
        var r = await CliProcess.RunAsync(["--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("convert", r.Stderr);
        Assert.Contains("schema", r.Stderr);
        Assert.Contains("run", r.Stderr);
    }

    [Fact]
    public async Task AnUnknownOptionIsAUsageErrorWithExitCodeTwo()
    {
        var r = await CliProcess.RunAsync(["convert", "a.csv", "b.parquet", "--colums", "x"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("--colums", r.Stderr);
    }

    [Fact]
    public async Task AMissingInputIsBadInputNamingTheFile()
    {
        using var dir = new TempDirectory();
        var r = await CliProcess.RunAsync(["convert", dir.File("nope.csv"), dir.File("out.parquet")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("nope.csv", r.Stderr);
        Assert.False(File.Exists(dir.File("out.parquet")));
    }

    [Fact]
    public async Task ABadSpecIsReportedWithLineAndColumn()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "source: in.csv\nsinks: [out.parquet]\noptionz: {}\n");
        var r = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("spec.yaml:3:1", r.Stderr);
        Assert.Contains("did you mean 'options'", r.Stderr);
    }
}
