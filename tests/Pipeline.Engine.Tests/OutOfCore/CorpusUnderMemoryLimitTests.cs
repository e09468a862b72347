using System.Text.Json;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.OutOfCore;

/// <summary>The corpus gives the same answers with the memory limit at 64 MiB as without one.</summary>
public class CorpusUnderMemoryLimitTests
{
    private const long Limit = 64L << 20;

    public static TheoryData<string> Files => new()
    {
        "seaborn-data/diamonds.csv",
        "seaborn-data/planets.csv",
        "seaborn-data/penguins.csv",
        "seaborn-data/mpg.csv",
        "seaborn-data/tips.csv",
    };

    private static string Text(ProfileReport report)
        => JsonSerializer.Serialize(report with { Input = report.Input is { } input ? input with { Seconds = 0 } : null });

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Profiles_equal_the_unlimited_ones(string file)
    {
        var path = Corpus.Path(file.Split('/'));
        var unlimited = await FileProfiler.ProfileAsync(path, engine: new PipelineOptions { MemoryLimit = long.MaxValue / 4, BatchSize = 65_536 });
        var limited = await FileProfiler.ProfileAsync(path, engine: new PipelineOptions { MemoryLimit = Limit, BatchSize = 65_536 }); // the same batches: memory_bytes counts their buffers
        Assert.Equal(Text(unlimited), Text(limited));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Validation_dedup_and_sort_runs_equal_the_unlimited_ones(string file)
    {
        var path = Corpus.Path(file.Split('/'));
        async Task<(string Output, string Rows)> Run(long limit)
        {
            using var dir = new TempDirectory();
            var first = File.ReadLines(path).First().Split(',')[0].Trim('"');
            var spec = new PipelineSpec(new SourceSpec(path, new SourceOptions()), [new SinkSpec(dir.File("out.csv"), new SinkOptions())],
                new PipelineOptions { MemoryLimit = limit, SpillDirectory = dir.Path })
            {
                Dedup = new DedupSpec([], Core.Operators.Dedup.DedupKeep.First),
                Sort = [new Core.Operators.Sort.SortKey(first, Descending: true)],
                Rules = SpecReader.Parse($"source: x.csv\nrules:\n  - column: {first}\n    not_null: true\n", dir.File("spec.yaml")).Rules,
            };
            var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });
            Assert.True(job.Succeeded, job.Error?.ToString());
            var r = job.Results.Rows;
            Assert.Equal(r.Read, r.Written + r.Quarantined + r.Dropped + r.Deduplicated);
            return (File.ReadAllText(dir.File("out.csv")), $"{r.Read} {r.Written} {r.Quarantined} {r.Deduplicated}");
        }
        var unlimited = await Run(long.MaxValue / 4);
        var limited = await Run(Limit);
        Assert.Equal(unlimited.Rows, limited.Rows);
        Assert.Equal(unlimited.Output, limited.Output);
    }
}
