using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Options;

namespace Pipeline.Core.Tests.Memory;

public class MemoryPoolTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Greedy_pool_grants_up_to_the_limit_and_refuses_beyond_it()
    {
        var pool = new GreedyPool(100 * MiB);
        using var a = pool.Register(new MemoryConsumer("a"));
        using var b = pool.Register(new MemoryConsumer("b"));
        Assert.True(a.TryGrow(60 * MiB));
        Assert.False(b.TryGrow(41 * MiB));
        Assert.Equal(0, b.Size);
        Assert.True(b.TryGrow(40 * MiB));
        Assert.Equal(100 * MiB, pool.Reserved);
        a.Shrink(10 * MiB);
        Assert.Equal(90 * MiB, pool.Reserved);
        b.Resize(5 * MiB);
        Assert.Equal(55 * MiB, pool.Reserved);
    }

    [Fact]
    public void Disposing_a_reservation_returns_its_memory_to_the_pool()
    {
        var pool = new TrackConsumersPool(new GreedyPool(10 * MiB));
        var r = pool.Register(new MemoryConsumer("sort"));
        r.Grow(8 * MiB);
        r.Dispose();
        r.Dispose();
        Assert.Equal(0, pool.Reserved);
        Assert.Empty(pool.LargestConsumers());
        Assert.Throws<ObjectDisposedException>(() => r.TryGrow(1));
    }

    [Fact]
    public void Grow_beyond_the_limit_names_the_consumer_the_limit_and_the_largest_users()
    {
        var pool = new TrackConsumersPool(new GreedyPool(128 * MiB));
        using var sort = pool.Register(new MemoryConsumer("sort", CanSpill: true));
        using var dedup = pool.Register(new MemoryConsumer("dedup"));
        sort.Grow(100 * MiB);
        dedup.Grow(20 * MiB);
        var e = Assert.Throws<PipelineException>(() => dedup.Grow(64 * MiB));
        Assert.Equal(PipelineErrorKind.ResourcesExhausted, e.Kind);
        Assert.Contains("consumer 'dedup' asked for 64 MiB", e.Message);
        Assert.Contains("limit 128 MiB", e.Message);
        Assert.Contains("largest: sort 100 MiB, dedup 20 MiB", e.Message);
        Assert.Equal(20 * MiB, dedup.Size);
    }

    [Fact]
    public void Unbounded_pool_never_refuses_but_counts()
    {
        var pool = new UnboundedPool();
        using var r = pool.Register(new MemoryConsumer("x"));
        r.Grow(1L << 40);
        Assert.Equal(1L << 40, pool.Reserved);
        Assert.Null(pool.Limit);
    }

    [Fact]
    public void Concurrent_growth_never_exceeds_the_limit()
    {
        var pool = new GreedyPool(1000);
        var reservations = Enumerable.Range(0, 8).Select(i => pool.Register(new MemoryConsumer($"c{i}"))).ToArray();
        Parallel.ForEach(reservations, r =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                if (r.TryGrow(7)) r.Shrink(7);
                r.TryGrow(1);
            }
        });
        Assert.True(pool.Reserved <= 1000);
        Assert.Equal(reservations.Sum(r => r.Size), pool.Reserved);
        foreach (var r in reservations) r.Dispose();
        Assert.Equal(0, pool.Reserved);
    }

    [Fact]
    public void Shrinking_more_than_held_is_refused()
    {
        var pool = new GreedyPool(100);
        using var r = pool.Register(new MemoryConsumer("x"));
        r.Grow(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Shrink(11));
        Assert.Equal(10, pool.Reserved);
    }

    [Fact]
    public void Context_pool_uses_the_memory_limit_option_and_tracks_consumers()
    {
        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 16 * MiB });
        Assert.Equal(16 * MiB, context.MemoryPool.Limit);
        Assert.IsType<TrackConsumersPool>(context.MemoryPool);
        Assert.IsType<TrackingAllocator>(context.Allocator);
    }
}
