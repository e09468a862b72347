namespace Pipeline.Core.Memory;

/// <summary>
/// First come, first served up to a fixed limit (DataFusion's GreedyMemoryPool): any consumer may take whatever is
/// free. Simple and predictable for pipelines with one or two buffering operators at a time.
/// </summary>
public sealed class GreedyPool : MemoryPool
{
    private readonly long _limit;
    private long _reserved;

    /// <summary>Creates a pool of <paramref name="limit"/> bytes.</summary>
    public GreedyPool(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _limit = limit;
    }

    /// <inheritdoc />
    public override long Reserved => Interlocked.Read(ref _reserved);

    /// <inheritdoc />
    public override long? Limit => _limit;

    /// <inheritdoc />
    protected internal override bool TryAcquire(MemoryReservation reservation, long bytes)
    {
        // Compare-and-swap so concurrent consumers can never overshoot the limit together.
        long current = Interlocked.Read(ref _reserved);
        while (true)
        {
            if (bytes > _limit - current) return false;
            long seen = Interlocked.CompareExchange(ref _reserved, current + bytes, current);
            if (seen == current) return true;
            current = seen;
        }
    }

    /// <inheritdoc />
    protected internal override void Release(MemoryReservation reservation, long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
