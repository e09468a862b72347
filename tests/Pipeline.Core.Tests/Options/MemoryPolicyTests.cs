using Pipeline.Core.Options;

namespace Pipeline.Core.Tests.Options;

/// <summary>The policies derived from the memory limit live with the options, so every door applies the same ones.</summary>
public class MemoryPolicyTests
{
    [Fact]
    public void BatchSizeFollowsTheBudgetUnlessSetExplicitly()
    {
        Assert.Equal(PipelineOptions.DefaultBatchSize, new PipelineOptions { MemoryLimit = 1L << 30 }.BatchSize);
        Assert.Equal(PipelineOptions.SmallBudgetBatchSize, new PipelineOptions { MemoryLimit = 256L << 20 }.BatchSize);
        // Derived afresh when the limit changes later (a CLI flag applied after the spec's options).
        var small = new PipelineOptions { MemoryLimit = 2L << 30 } with { MemoryLimit = 64L << 20 };
        Assert.Equal(PipelineOptions.SmallBudgetBatchSize, small.BatchSize);
        Assert.False(small.BatchSizeIsExplicit);
        // An explicit value wins, also the default number itself, and survives later changes.
        var explicitDefault = new PipelineOptions { BatchSize = 65_536 } with { MemoryLimit = 64L << 20 };
        Assert.Equal(65_536, explicitDefault.BatchSize);
        Assert.True(explicitDefault.BatchSizeIsExplicit);
        Assert.Equal(100, (new PipelineOptions { MemoryLimit = 64L << 20 } with { BatchSize = 100 }).BatchSize);
    }

    [Fact]
    public void ProcessHeapLimitIsTheBudgetPlusHeadroom()
    {
        var options = new PipelineOptions { MemoryLimit = 1L << 30 };
        Assert.True(options.ProcessHeapLimit > options.MemoryLimit);
        Assert.Equal(Pipeline.Core.Memory.ManagedHeapLimit.For(options.MemoryLimit), options.ProcessHeapLimit);
    }
}
