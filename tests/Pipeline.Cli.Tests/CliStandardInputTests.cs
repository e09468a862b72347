using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>Standard input's format is detected from its first bytes, as a file's is.</summary>
public class CliStandardInputTests
{
    [Fact]
    public async Task CsvJsonLinesAndArrowStreamsOnStandardInputNeedNoFormatFlag()
    {
        using var dir = new TempDirectory();
        var csv = "id,name\n1,a\n2,b\n"u8.ToArray();
        var r = await CliProcess.RunAsync(["convert", "-", dir.File("from-csv.csv")], csv);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(3, File.ReadAllLines(dir.File("from-csv.csv")).Length);

        var jsonl = "{\"id\": 1}\n{\"id\": 2}\n"u8.ToArray();
        r = await CliProcess.RunAsync(["schema", "-"], jsonl);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("format: jsonl", r.StdoutText);
        // Said once: the reader's own note of the format is not repeated.
        Assert.Single(r.StdoutText.Split('\n'), l => l.StartsWith("format:", StringComparison.Ordinal));

        var arrows = await CliProcess.RunAsync(["convert", dir.WriteText("in.csv", "id,name\n1,a\n2,b\n"), "-"]);
        r = await CliProcess.RunAsync(["convert", "-", dir.File("from-arrow.csv")], arrows.Stdout);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(3, File.ReadAllLines(dir.File("from-arrow.csv")).Length);
    }
}
