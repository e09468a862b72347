using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

public class CliConvertTests
{
    private const string Csv = "id,name,amount\n1,ann,1.5\n2,\"bo, jr\",\n3,cy,2.25,EXTRA\n4,di,4\n";

    [Fact]
    public async Task ConvertsCsvToParquetAndReportsRejectedRowsOnStderr()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.parquet"), "--rejects", dir.File("rejects.parquet")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(r.Stdout);
        Assert.Contains("1 of 4 rows rejected", r.Stderr);
        Assert.Contains("in.csv:4", r.Stderr);
        Assert.True(File.Exists(dir.File("out.parquet")));
        Assert.True(File.Exists(dir.File("rejects.parquet")));
    }

    [Fact]
    public async Task FailOnRejectsExitsWithOne()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        var r = await CliProcess.RunAsync(["convert", input, dir.File("out.csv"), "--fail-on-rejects"]);
        Assert.Equal(1, r.ExitCode);
    }

    [Fact]
    public async Task WritingToStdoutCarriesOnlyAnArrowStream()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", Csv);
        var r = await CliProcess.RunAsync(["convert", input, "-"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var reader = new ArrowStreamReader(new MemoryStream(r.Stdout));
        int rows = 0;
        while (await reader.ReadNextRecordBatchAsync() is { } batch) using (batch) rows += batch.Length;
        Assert.Equal(3, rows);
        Assert.Equal(["id", "name", "amount"], reader.Schema.FieldsList.Select(f => f.Name));
    }

    [Fact]
    public async Task ReadsAnArrowStreamFromStdinAndWritesCsv()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a,b\n1,x\n2,y\n");
        var arrow = await CliProcess.RunAsync(["convert", input, "-"]);
        Assert.Equal(0, arrow.ExitCode);

        var r = await CliProcess.RunAsync(["convert", "-", dir.File("back.csv"), "--input-format", "arrows"], stdin: arrow.Stdout);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("a,b\n1,x\n2,y\n", File.ReadAllText(dir.File("back.csv")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task GarbageOnStdinIsBadInput()
    {
        var r = await CliProcess.RunAsync(["convert", "-", "-", "--input-format", "arrows"], stdin: "this is not arrow"u8.ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("standard input", r.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SchemaPrintsTypesAndTheDetectedDialect()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("semi.csv", "id;day;price\n1;2026-01-02;1.5\n2;2026-01-03;2\n");
        var r = await CliProcess.RunAsync(["schema", input]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = r.StdoutText;
        Assert.Contains("id: int64", text);
        Assert.Contains("price: double", text);
        Assert.Contains("day: date32", text);
        Assert.Contains("delimiter=';'", text);
    }

    [Fact]
    public async Task RunWritesAConservingRunFolder()
    {
        using var dir = new TempDirectory();
        dir.WriteText("in.csv", Csv);
        var spec = dir.WriteText("spec.yaml", "source: in.csv\nsinks: [out/data.parquet, out/data.arrow]\n");
        var r = await CliProcess.RunAsync(["run", spec, "--out", dir.File("run")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Empty(r.Stdout);
        var results = ResultsJson.Read(dir.File("run/results.json"));
        Assert.Equal("ok", results.Status);
        Assert.Equal(results.Rows.Read, results.Rows.Written + results.Rows.Quarantined);
        Assert.Equal(1, results.Rows.Quarantined);
        Assert.Equal(2, results.Outputs.Count);
        Assert.True(File.Exists(dir.File("run/quarantine.parquet")));
        Assert.True(File.Exists(dir.File("out/data.arrow")));
    }
}
