using System.Buffers;
using Apache.Arrow.Memory;

namespace Pipeline.Core.Memory;

/// <summary>
/// An Arrow allocator that counts live and peak bytes. Arrow's own <see cref="MemoryAllocator.Statistics"/> only
/// ever counts up, which cannot show a leak; this one decrements when a buffer is disposed, so tests can assert
/// that <see cref="LiveBytes"/> returns to zero once every batch is disposed.
/// </summary>
public sealed class TrackingAllocator : MemoryAllocator
{
    private readonly MemoryAllocator _inner;
    private long _live;
    private long _peak;
    private long _liveBuffers;

    /// <summary>Tracks allocations made by <paramref name="inner"/> (a new <see cref="NativeMemoryAllocator"/> when null).</summary>
    public TrackingAllocator(MemoryAllocator? inner = null) : base(DefaultAlignment)
    {
        _inner = inner ?? new NativeMemoryAllocator(DefaultAlignment);
    }

    /// <summary>Bytes allocated and not yet disposed.</summary>
    public long LiveBytes => Interlocked.Read(ref _live);

    /// <summary>The most bytes live at any one time.</summary>
    public long PeakBytes => Interlocked.Read(ref _peak);

    /// <summary>Buffers allocated and not yet disposed.</summary>
    public long LiveBuffers => Interlocked.Read(ref _liveBuffers);

    /// <inheritdoc />
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        var owner = _inner.Allocate(length);
        bytesAllocated = length;
        long live = Interlocked.Add(ref _live, length);
        Interlocked.Increment(ref _liveBuffers);
        long peak = Interlocked.Read(ref _peak);
        while (live > peak)
        {
            long seen = Interlocked.CompareExchange(ref _peak, live, peak);
            if (seen == peak) break;
            peak = seen;
        }
        return new Tracked(this, owner, length);
    }

    private void Freed(long length)
    {
        Interlocked.Add(ref _live, -length);
        Interlocked.Decrement(ref _liveBuffers);
    }

    /// <summary>Forwards to the real owner and un-counts exactly once, however often it is disposed.</summary>
    private sealed class Tracked(TrackingAllocator allocator, IMemoryOwner<byte> owner, int length) : IMemoryOwner<byte>
    {
        private int _disposed;

        public Memory<byte> Memory => owner.Memory;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            owner.Dispose();
            allocator.Freed(length);
        }
    }
}
