using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary><c>pipeline ipc</c>: Arrow IPC stream in on stdin, the spec's stages, Arrow IPC stream out on stdout.
/// The input bytes are produced by the engine itself (<c>pipeline convert X -</c>).</summary>
public class CliIpcTests
{
    private const string OrdersSpec = """
        rules:
          - {name: amount_positive, column: amount, greater_than: 0}
          - {name: status_valid, column: status, in_set: [new, paid, shipped]}
          - {name: region_known, column: region, not_null: true, severity: warn}
        """;

    private static async Task<byte[]> StreamOf(string csv)
    {
        var convert = await CliProcess.RunAsync(["convert", csv, "-"]);
        Assert.True(convert.ExitCode == 0, convert.Stderr);
        return convert.Stdout;
    }

    private static (Schema Schema, List<RecordBatch> Batches) ReadStream(byte[] bytes)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(bytes));
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch) batches.Add(batch);
        return (reader.Schema, batches);
    }

    [Fact]
    public async Task RunsTheSpecsRulesOnStdinAndWritesOnlyArrowToStdout()
    {
        using var dir = new TempDirectory();
        var input = await StreamOf(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"));
        var spec = dir.WriteText("spec.yaml", OrdersSpec);
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("results.json")], input);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var (schema, batches) = ReadStream(r.Stdout);
        Assert.Equal(8, schema.FieldsList.Count);
        long rows = batches.Sum(b => (long)b.Length);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("results.json")));
        var root = doc.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.Equal("ipc", root.GetProperty("command").GetString());
        long read = root.GetProperty("rows").GetProperty("read").GetInt64();
        long written = root.GetProperty("rows").GetProperty("written").GetInt64();
        long quarantined = root.GetProperty("rows").GetProperty("quarantined").GetInt64();
        Assert.Equal(238, read);
        Assert.Equal(rows, written);
        Assert.Equal(read, written + quarantined);
        Assert.Equal(3, root.GetProperty("rules").GetArrayLength());
        // Standard output cannot report a position: the stream's size is counted as it is written.
        var output = root.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("-", output.GetProperty("path").GetString());
        Assert.Equal(r.Stdout.Length, output.GetProperty("bytes").GetInt64());
        Assert.Contains("ipc: ok", r.Stderr);
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public async Task FailingErrorRuleQuarantinesRowsAndExitsWithOne()
    {
        using var dir = new TempDirectory();
        var input = await StreamOf(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"));
        var spec = dir.WriteText("spec.yaml", "rules:\n  - {name: big, column: amount, greater_than: 100}\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("r.json"), "--quarantine", dir.File("bad.parquet")], input);
        Assert.Equal(1, r.ExitCode);
        var (_, batches) = ReadStream(r.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        var rowsElement = doc.RootElement.GetProperty("rows");
        Assert.Equal("checks_failed", doc.RootElement.GetProperty("status").GetString());
        long quarantined = rowsElement.GetProperty("quarantined").GetInt64();
        Assert.True(quarantined > 0);
        Assert.Equal(238, batches.Sum(b => (long)b.Length) + quarantined);
        // Every row that came out passed the rule.
        foreach (var batch in batches)
        {
            var amount = (DoubleArray)batch.Column("amount");
            for (int i = 0; i < amount.Length; i++) Assert.True(amount.GetValue(i) > 100);
            batch.Dispose();
        }
        Assert.True(File.Exists(dir.File("bad.parquet")));
    }

    [Fact]
    public async Task PartitionStatesFromSeparateProcessesMergeIntoTheWholeProfile()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Corpus.Path("seaborn-data", "tips.csv"));
        File.WriteAllLines(dir.File("all.csv"), lines);
        File.WriteAllLines(dir.File("a.csv"), lines.Take(101));
        File.WriteAllLines(dir.File("b.csv"), lines.Take(1).Concat(lines.Skip(101)));
        var spec = dir.WriteText("spec.yaml", "{}\n");
        foreach (var part in new[] { "a", "b", "all" })
        {
            var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--state-out", dir.File(part + ".state"), "--profile", dir.File(part + ".json")],
                await StreamOf(dir.File(part + ".csv")));
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.True(File.Exists(dir.File(part + ".state")));
        }
        var m = await CliProcess.RunAsync(["merge", dir.File("a.state"), dir.File("b.state"), "--out", dir.File("m")]);
        Assert.True(m.ExitCode == 0, m.Stderr);
        using var merged = JsonDocument.Parse(File.ReadAllText(dir.File("m/profile.json")));
        using var whole = JsonDocument.Parse(File.ReadAllText(dir.File("all.json")));
        Assert.Equal(244, merged.RootElement.GetProperty("row_count").GetInt64());
        Assert.Equal(whole.RootElement.GetProperty("duplicate_row_count").GetInt64(), merged.RootElement.GetProperty("duplicate_row_count").GetInt64());
        double Mean(JsonDocument d, string column) => d.RootElement.GetProperty("columns").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == column).GetProperty("mean").GetDouble();
        Assert.Equal(Mean(whole, "total_bill"), Mean(merged, "total_bill"), 9);
    }

    [Fact]
    public async Task ResultsRecordTheProfileFileWhenAskedFor()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "profile: true\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("r.json"), "--profile", dir.File("sub/p.json")],
            await StreamOf(Corpus.Path("seaborn-data", "tips.csv")));
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        Assert.Equal(dir.File("sub/p.json"), doc.RootElement.GetProperty("profile").GetString());
        using var profile = JsonDocument.Parse(File.ReadAllText(dir.File("sub/p.json")));
        Assert.Equal(244, profile.RootElement.GetProperty("row_count").GetInt64());
    }

    [Fact]
    public async Task BytesThatAreNotArrowFailWithExitTwoAndNothingOnStdout()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "{}\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec, "--results", dir.File("r.json")], "a,b\n1,2\n"u8.ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("standard input", r.Stderr);
        Assert.Contains("does not start with an Arrow IPC stream message (its first bytes are 'a,b.')", r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheIpcFileFormatOnStdinIsNamedAsSuch()
    {
        using var dir = new TempDirectory();
        var convert = await CliProcess.RunAsync(["convert", Corpus.Path("seaborn-data", "tips.csv"), dir.File("tips.arrow")]);
        Assert.True(convert.ExitCode == 0, convert.Stderr);
        var r = await CliProcess.RunAsync(["ipc", "--spec", dir.WriteText("spec.yaml", "{}\n")], File.ReadAllBytes(dir.File("tips.arrow")));
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("Arrow IPC file format", r.Stderr);
        Assert.Contains("send the stream format (arrows)", r.Stderr);
    }

    [Fact]
    public async Task EmptyStdinIsBadInput()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "{}\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec], []);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("standard input", r.Stderr);
    }

    [Fact]
    public async Task AnInvalidSpecIsReportedWithItsLineAndExitTwo()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "rules:\n  - {name: x, column: a, greater_thn: 1}\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec], await StreamOf(Corpus.Path("seaborn-data", "tips.csv")));
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.Contains("spec.yaml:2", r.Stderr);
    }

    [Fact]
    public async Task ASinkOnStandardOutputIsRefused()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.yaml", "sinks: ['-']\n");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec], await StreamOf(Corpus.Path("seaborn-data", "tips.csv")));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("standard output", r.Stderr);
    }

    [Fact]
    public async Task SpecFileSinksAreWrittenBesideTheStdoutStream()
    {
        using var dir = new TempDirectory();
        var spec = dir.WriteText("spec.json", """{"sinks": ["copy.parquet"]}""");
        var r = await CliProcess.RunAsync(["ipc", "--spec", spec], await StreamOf(Corpus.Path("seaborn-data", "tips.csv")));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(244, ReadStream(r.Stdout).Batches.Sum(b => b.Length));
        Assert.True(File.Exists(dir.File("copy.parquet")));
    }
}
