using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

public class ProfilerDuplicatesTests
{
    [Fact]
    public async Task PastTheInMemoryLimitTheDuplicateCountIsStillExactThroughTheSpillingOperator()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "k,v" };
        for (int i = 0; i < 30_000; i++) lines.Add($"{i % 25_000},{(i % 25_000) * 2}");
        var path = dir.WriteText("d.csv", string.Join("\n", lines));

        var report = await FileProfiler.ProfileAsync(path, options: new ProfileOptions { DuplicateHashLimit = 1_000 },
            engine: new PipelineOptions { MemoryLimit = 16L << 20 });

        Assert.Equal(30_000, report.RowCount);
        Assert.Equal(5_000, report.DuplicateRowCount);
        Assert.True(report.DuplicateRowCountExact);
    }
}
