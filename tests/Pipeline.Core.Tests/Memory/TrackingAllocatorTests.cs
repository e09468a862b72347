using Apache.Arrow;
using Pipeline.Core.Memory;

namespace Pipeline.Core.Tests.Memory;

public class TrackingAllocatorTests
{
    [Fact]
    public void Live_bytes_return_to_zero_after_every_batch_is_disposed_and_peak_stays()
    {
        var allocator = new TrackingAllocator();
        var arrays = new List<IArrowArray>();
        for (int a = 0; a < 3; a++)
        {
            var builder = new Int64Array.Builder();
            for (int i = 0; i < 10_000; i++) builder.Append(i);
            arrays.Add(builder.Build(allocator));
        }
        Assert.True(allocator.LiveBytes >= 3 * 80_000);
        Assert.True(allocator.LiveBuffers >= 3);
        long peak = allocator.PeakBytes;
        Assert.Equal(allocator.LiveBytes, peak);
        foreach (var array in arrays) array.Dispose();
        Assert.Equal(0, allocator.LiveBytes);
        Assert.Equal(0, allocator.LiveBuffers);
        Assert.Equal(peak, allocator.PeakBytes);
    }

    [Fact]
    public void Disposing_a_buffer_twice_counts_it_once()
    {
        var allocator = new TrackingAllocator();
        var owner = allocator.Allocate(1000);
        owner.Dispose();
        owner.Dispose();
        Assert.Equal(0, allocator.LiveBytes);
    }
}
