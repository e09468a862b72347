using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Running;

public class SpecRunnerTests
{
    private static PipelineSpec Spec(string input, params string[] outputs)
        => new(new SourceSpec(input, new SourceOptions()), outputs.Select(o => new SinkSpec(o, new SinkOptions())).ToList(), new PipelineOptions { InferenceSampleRows = 5 });

    [Fact]
    public async Task WritesResultsWithInputHashesAndConservedRowCounts()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.jsonl", "{\"a\": 1}\n{\"a\": 2}\nnot json\n{\"a\": 3}\n");
        var runFolder = dir.File("run");

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = Spec(input), RunFolder = runFolder });

        Assert.True(job.Succeeded, job.Error?.ToString());
        var results = ResultsJson.Read(Path.Combine(runFolder, SpecRunner.ResultsFileName));
        Assert.Equal("ok", results.Status);
        Assert.Equal(new RowCounts(4, 3, 1) { Passed = 3 }, results.Rows);
        var inputResult = Assert.Single(results.Inputs);
        Assert.Equal("jsonl", inputResult.Format);
        Assert.Equal(new FileInfo(input).Length, inputResult.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(input))), inputResult.Sha256);
        var read = results.Stages.Single(s => s.Name == "read");
        Assert.Equal(4, read.RowsIn);
        Assert.Equal(3, read.RowsOut);
        Assert.Contains("3:", Assert.Single(results.Quarantine.Examples));
    }

    [Fact]
    public async Task ResultsUseTheDocumentedSnakeCaseKeys()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.jsonl", "{\"a\": 1}\n");
        var runFolder = dir.File("run");
        await SpecRunner.RunAsync(new SpecRunRequest { Spec = Spec(input), RunFolder = runFolder });

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results.json")));
        var root = doc.RootElement;
        Assert.Equal(RunResults.CurrentSchemaVersion, root.GetProperty("schema_version").GetString());
        foreach (var key in new[] { "status", "inputs", "rows", "stages", "options", "quarantine", "duration_seconds" })
            Assert.True(root.TryGetProperty(key, out _), key);
        foreach (var key in new[] { "path", "format", "bytes", "sha256" })
            Assert.True(root.GetProperty("inputs")[0].TryGetProperty(key, out _), key);
        foreach (var key in new[] { "read", "written", "quarantined" })
            Assert.True(root.GetProperty("rows").TryGetProperty(key, out _), key);
        foreach (var key in new[] { "name", "rows_in", "rows_out", "seconds" })
            Assert.True(root.GetProperty("stages")[0].TryGetProperty(key, out _), key);
    }

    [Fact]
    public async Task AFailedRunStillWritesResultsWithTheError()
    {
        using var dir = new TempDirectory();
        var runFolder = dir.File("run");
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = Spec(dir.File("missing.jsonl")), RunFolder = runFolder });

        Assert.False(job.Succeeded);
        var results = ResultsJson.Read(Path.Combine(runFolder, "results.json"));
        Assert.Equal("error", results.Status);
        Assert.Equal("invalid_input", results.Error!.Kind);
        Assert.Contains("missing.jsonl", results.Error.Message);
    }

    [Fact]
    public async Task ALateWiderJsonValueRestartsOnceAndRecordsWhy()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(0, 20).Select(i => $"{{\"v\": {i}}}").Append("{\"v\": \"x\"}");
        var input = dir.WriteText("in.jsonl", string.Join("\n", lines));
        var runFolder = dir.File("run");

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = Spec(input), RunFolder = runFolder });

        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Single(job.Results.Restarts);
        Assert.Equal(21, job.Results.Rows.Written);
        Assert.Equal("utf8", job.Results.Schema!.Single().Type);
    }

    [Fact]
    public async Task ASpecWithProfileWritesProfileJsonOfTheRowsWritten()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.jsonl", "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\nbroken\n{\"a\": 2, \"b\": \"y\"}\n");
        var runFolder = dir.File("run");
        var spec = Spec(input) with { Profile = true };

        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = runFolder });

        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(Path.Combine(runFolder, "profile.json"), job.Results.Profile);
        var profile = Pipeline.Engine.Analyze.Profile.Profiler.Read(job.Results.Profile!);
        Assert.Equal(3, profile.RowCount);
        Assert.Equal(1, profile.DuplicateRowCount);
        Assert.Equal("2", profile.Columns.Single(c => c.Name == "a").Max?.ToString()); // read back as a JSON element
    }
}
