using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Hosting.Building;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Building;

/// <summary>The memory limit shapes a run the same way from .NET as from the CLI (the CLI side is in
/// Pipeline.Cli.Tests' CliMemoryPolicyTests).</summary>
public class MemoryPolicyDoorTests
{
    [Fact]
    public async Task DataPipelineUsesSmallBatchesUnderASmallBudgetAndHonoursAnExplicitSize()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},{i * 0.5}\n")));
        var small = await DataPipeline.From(csv).WithOptions(o => o with { MemoryLimit = 256L << 20 }).RunAsync();
        Assert.Equal(PipelineOptions.SmallBudgetBatchSize, small.Options.BatchSize);
        var roomy = await DataPipeline.From(csv).WithOptions(o => o with { MemoryLimit = 2L << 30 }).RunAsync();
        Assert.Equal(PipelineOptions.DefaultBatchSize, roomy.Options.BatchSize);
        var given = await DataPipeline.From(csv).WithOptions(o => o with { MemoryLimit = 256L << 20, BatchSize = 1000 }).RunAsync();
        Assert.Equal(1000, given.Options.BatchSize);
    }

    [Fact]
    public void TheProfilesDuplicateHashesStayWithinTheBudget()
    {
        var tight = new ProfileOptions().WithinBudget(new PipelineOptions { MemoryLimit = 16L << 20, MaxDegreeOfParallelism = 2 });
        Assert.Equal((int)((16L << 20) / 16 / 2 / 24), tight.DuplicateHashLimit);
        var floor = new ProfileOptions().WithinBudget(new PipelineOptions { MemoryLimit = 1L << 20, MaxDegreeOfParallelism = 64 });
        Assert.Equal(1_000, floor.DuplicateHashLimit);
        var roomy = new ProfileOptions().WithinBudget(new PipelineOptions { MemoryLimit = 1L << 40, MaxDegreeOfParallelism = 1 });
        Assert.Equal(new ProfileOptions().DuplicateHashLimit, roomy.DuplicateHashLimit);
    }

    [Fact]
    public async Task ASpecRunBoundsTheProfilesDuplicateHashesAsTheProfileCommandDoes()
    {
        // 3,000 distinct rows, 1 MiB budget, one worker: the hash cap is the 1,000 floor, so a one-pass count must be
        // marked approximate (the spec run keeps within the limit rather than holding every row's hash).
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", "id\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i}\n")));
        var run = await DataPipeline.From(csv).Profile()
            .WithOptions(o => o with { MemoryLimit = 1L << 20, MaxDegreeOfParallelism = 1 }).ExecuteAsync();
        Assert.True(run.Succeeded, run.Error?.Message);
        Assert.False(run.Profile!.DuplicateRowCountExact);
        // The profile command's door reads the file a second time and makes the count exact under the same cap.
        var profiled = await FileProfiler.ProfileAsync(csv, engine: new PipelineOptions { MemoryLimit = 1L << 20, MaxDegreeOfParallelism = 1 });
        Assert.True(profiled.DuplicateRowCountExact);
        Assert.Equal(0, profiled.DuplicateRowCount);
    }
}
