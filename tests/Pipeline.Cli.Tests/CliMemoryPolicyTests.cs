using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Cli.Tests;

/// <summary>The CLI applies the options' memory policy, the same as .NET (Pipeline.Engine.Tests' MemoryPolicyDoorTests).</summary>
public class CliMemoryPolicyTests
{
    [Fact]
    public async Task RunUsesSmallBatchesUnderASmallBudgetUnlessTheBatchSizeIsGiven()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", "id,x\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},{i * 0.5}\n")));
        var spec = dir.WriteText("spec.yaml", "source: in.csv\n");
        var small = await CliProcess.RunAsync(["run", spec, "--out", dir.File("small"), "--memory-limit", "256MiB"]);
        Assert.True(small.ExitCode == 0, small.Stderr);
        Assert.Equal(16_384, ResultsJson.Read(dir.File("small/results.json")).Options.BatchSize);
        var given = await CliProcess.RunAsync(["run", spec, "--out", dir.File("given"), "--memory-limit", "256MiB", "--batch-size", "1000"]);
        Assert.True(given.ExitCode == 0, given.Stderr);
        Assert.Equal(1000, ResultsJson.Read(dir.File("given/results.json")).Options.BatchSize);
        var specSize = dir.WriteText("sized.yaml", "source: in.csv\noptions: {batch_size: 65536}\n");
        var sized = await CliProcess.RunAsync(["run", specSize, "--out", dir.File("sized"), "--memory-limit", "256MiB"]);
        Assert.True(sized.ExitCode == 0, sized.Stderr);
        Assert.Equal(65_536, ResultsJson.Read(dir.File("sized/results.json")).Options.BatchSize);
    }
}
