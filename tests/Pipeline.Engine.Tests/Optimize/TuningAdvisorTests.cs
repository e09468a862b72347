using Pipeline.Core.History;
using Pipeline.Core.Options;
using Pipeline.Engine.Optimize;

namespace Pipeline.Engine.Tests.Optimize;

/// <summary>The optimize stage's rules: explicit settings kept, width and measured speed from the dataset's history,
/// recommendations for spilling runs.</summary>
public class TuningAdvisorTests
{
    private static readonly PipelineOptions Roomy = new() { MemoryLimit = 8L << 30, MaxDegreeOfParallelism = 2 };

    private static ColumnMetrics Column(int ordinal, string type) => new()
    {
        Ordinal = ordinal, Name = $"c{ordinal}", Type = type, Kind = type == "string" ? "text" : "numeric", Rows = 100, Nulls = 0,
        DistinctEstimate = 100, Quantiles = [], TopValues = [],
    };

    private static RunRecord Run(string id, int columns, int? batchSize = null, double seconds = 10, long rows = 1_000_000,
        long? spilled = null, string type = "int64") => new()
    {
        RunId = id, Dataset = "d", Command = "run", Status = "ok", StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        DurationSeconds = seconds, RowsRead = rows, BatchSize = batchSize, SpilledBytes = spilled,
        Columns = [.. Enumerable.Range(0, columns).Select(i => Column(i, type))],
    };

    [Fact]
    public void WithoutHistoryTheOptionsPolicyStands()
    {
        var decision = TuningAdvisor.Decide(Roomy, []);
        Assert.False(decision.Applied);
        Assert.Equal(PipelineOptions.DefaultBatchSize, decision.BatchSize);
        Assert.Contains("no earlier run", decision.Reason);
    }

    [Fact]
    public void AnExplicitBatchSizeIsKeptWhateverTheHistorySays()
    {
        var decision = TuningAdvisor.Decide(Roomy with { BatchSize = 1000 }, [Run("a", 400)]);
        Assert.False(decision.Applied);
        Assert.Equal(1000, decision.BatchSize);
        Assert.Contains("set explicitly", decision.Reason);
    }

    [Fact]
    public void WideRowsGetSmallerBatchesNarrowOnesKeepTheDefault()
    {
        // 400 int64 columns: about 3.2 KB a row, so 65,536 rows would be 200 MiB; 4,096 rows fit 16 MiB.
        var wide = TuningAdvisor.Decide(Roomy, [Run("a", 400)]);
        Assert.True(wide.Applied);
        Assert.Equal(4_096, wide.BatchSize);
        Assert.True(wide.BatchSize * 400 * 8 <= TuningAdvisor.TargetBatchBytes);
        Assert.Contains("wide rows", wide.Reason);

        var narrow = TuningAdvisor.Decide(Roomy, [Run("a", 4)]);
        Assert.False(narrow.Applied);
        Assert.Equal(PipelineOptions.DefaultBatchSize, narrow.BatchSize);

        // 60 text columns: about 1.7 KB a row -> 8,192 rows (14 MiB).
        var text = TuningAdvisor.Decide(Roomy, [Run("a", 60, type: "string")]);
        Assert.Equal(8_192, text.BatchSize);
    }

    [Fact]
    public void AMeasuredFasterSettingWinsOnlyPastTheNoise()
    {
        // Narrow rows keep 65,536 by width; two runs at 16,384 were 1.5x faster than two at 65,536.
        var faster = TuningAdvisor.Decide(Roomy, [Run("a", 4, 65_536, 15), Run("b", 4, 16_384, 10), Run("c", 4, 65_536, 15), Run("d", 4, 16_384, 10)]);
        Assert.True(faster.Applied);
        Assert.Equal(16_384, faster.BatchSize);
        Assert.Contains("1.50x faster than 65,536", faster.Reason);

        // 10% is within the noise: the width rule's choice stands.
        var noise = TuningAdvisor.Decide(Roomy, [Run("a", 4, 65_536, 11), Run("b", 4, 16_384, 10), Run("c", 4, 65_536, 11), Run("d", 4, 16_384, 10)]);
        Assert.False(noise.Applied);

        // One run per setting is not a measurement.
        var once = TuningAdvisor.Decide(Roomy, [Run("a", 4, 65_536, 15), Run("b", 4, 16_384, 10)]);
        Assert.False(once.Applied);
    }

    [Fact]
    public void RunsThatMostlySpillGetAMemoryRecommendationNeverAnAppliedChange()
    {
        var options = Roomy with { MemoryLimit = 1L << 30 };
        var decision = TuningAdvisor.Decide(options, [Run("a", 4, spilled: 3L << 30), Run("b", 4, spilled: 2L << 30), Run("c", 4, spilled: 0)]);
        var recommendation = Assert.Single(decision.Recommendations);
        Assert.Contains("2 of the last 3 runs spilled", recommendation);
        Assert.Contains("--memory-limit 4GiB", recommendation);
        // Half the runs spilling is not "mostly".
        Assert.Empty(TuningAdvisor.Decide(options, [Run("a", 4, spilled: 0), Run("b", 4, spilled: 5)]).Recommendations);
    }
}
