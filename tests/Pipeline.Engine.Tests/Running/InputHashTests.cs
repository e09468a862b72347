using System.Security.Cryptography;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Running;

/// <summary><c>options.input_hash</c>: how results.json identifies input files (full SHA-256, a labelled
/// fingerprint, or nothing), the default by size, and the fingerprint's sensitivity to changes.</summary>
public class InputHashTests
{
    private static async Task<Results.RunResults> Run(TempDirectory dir, string? inputHash, string folder = "run")
    {
        var options = inputHash is null ? "" : $"options: {{input_hash: {inputHash}}}\n";
        var spec = SpecReader.ReadFile(dir.WriteText("spec.yaml", options + """
            sources: {o: o.csv}
            steps:
              - {name: kept, from: o, filter: "id > 1", sinks: [out.csv]}
            """));
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File(folder) });
        Assert.True(job.Succeeded, job.Error?.ToString());
        return job.Results;
    }

    [Fact]
    public async Task By_default_a_small_file_gets_its_full_sha256_and_no_fingerprint()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("o.csv", "id,k\n1,a\n2,b\n");
        var results = await Run(dir, null);
        var input = Assert.Single(results.Inputs);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(csv))), input.Sha256);
        Assert.Null(input.Fingerprint);
        Assert.Equal("auto", results.Options.InputHash);
    }

    [Fact]
    public void Auto_hashes_up_to_64_MiB_in_full_and_fingerprints_larger_files()
    {
        var options = new PipelineOptions();
        Assert.Equal(InputHashPolicy.Sha256, options.InputHashFor(PipelineOptions.FullHashLimit));
        Assert.Equal(InputHashPolicy.Fingerprint, options.InputHashFor(PipelineOptions.FullHashLimit + 1));
        Assert.Equal(InputHashPolicy.Sha256, (options with { InputHash = InputHashPolicy.Sha256 }).InputHashFor(10L << 30));
        Assert.Equal(InputHashPolicy.None, (options with { InputHash = InputHashPolicy.None }).InputHashFor(1));
    }

    [Fact]
    public async Task A_fingerprint_is_labelled_as_such_and_never_written_as_sha256()
    {
        using var dir = new TempDirectory();
        dir.WriteText("o.csv", "id,k\n1,a\n2,b\n");
        var results = await Run(dir, "fingerprint");
        var input = Assert.Single(results.Inputs);
        Assert.Null(input.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", input.Fingerprint);
        Assert.Equal("fingerprint", results.Options.InputHash);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("run/results.json")))!;
        Assert.Equal(input.Fingerprint, (string?)json["inputs"]![0]!["fingerprint"]);
        Assert.Null(json["inputs"]![0]!["sha256"]);
        Assert.Equal("fingerprint", (string?)json["options"]!["input_hash"]);
    }

    [Fact]
    public async Task None_records_the_size_only()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("o.csv", "id,k\n1,a\n2,b\n");
        var input = Assert.Single((await Run(dir, "none")).Inputs);
        Assert.Equal(new FileInfo(csv).Length, input.Bytes);
        Assert.Null(input.Sha256);
        Assert.Null(input.Fingerprint);
    }

    [Fact]
    public async Task The_fingerprint_is_stable_for_an_unchanged_file_and_changes_with_the_content_size_or_time()
    {
        using var dir = new TempDirectory();
        // 5 MiB: first and last MiB, and sampled blocks between them.
        var bytes = new byte[5 << 20];
        new Random(7).NextBytes(bytes);
        var path = dir.File("big.bin");
        File.WriteAllBytes(path, bytes);
        var time = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, time);
        string Of() => InputAudit.DescribeAsync([path], "bin", new PipelineOptions { InputHash = InputHashPolicy.Fingerprint }, default)
            .GetAwaiter().GetResult().Single().Fingerprint!;

        var first = Of();
        Assert.Equal(first, Of());

        // One byte of a sampled block in the middle (the 8th of 16 blocks between the first and the last MiB).
        long middle = bytes.Length - (2L << 20);
        long sampled = (1 << 20) + middle * 8 / 17;
        bytes[sampled] ^= 0xff;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);
        var changedContent = Of();
        Assert.NotEqual(first, changedContent);

        File.SetLastWriteTimeUtc(path, time.AddSeconds(1));
        Assert.NotEqual(changedContent, Of());

        File.AppendAllText(path, "x");
        File.SetLastWriteTimeUtc(path, time);
        Assert.NotEqual(changedContent, Of());
    }

    [Fact]
    public void An_unknown_input_hash_names_the_choices_and_the_line()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<PipelineException>(() => SpecReader.ReadFile(dir.WriteText("spec.yaml", """
            source: o.csv
            options: {input_hash: md5}
            """)));
        Assert.Contains("input_hash must be one of auto, sha256, fingerprint, none", error.Message);
        Assert.Contains(":2:", error.Message);
    }
}
