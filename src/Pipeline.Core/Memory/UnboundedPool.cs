namespace Pipeline.Core.Memory;

/// <summary>A pool that never refuses; it only counts. For tools and tests that must not spill.</summary>
public sealed class UnboundedPool : MemoryPool
{
    private long _reserved;

    /// <inheritdoc />
    public override long Reserved => Interlocked.Read(ref _reserved);

    /// <inheritdoc />
    public override long? Limit => null;

    /// <inheritdoc />
    protected internal override bool TryAcquire(MemoryReservation reservation, long bytes)
    {
        Interlocked.Add(ref _reserved, bytes);
        return true;
    }

    /// <inheritdoc />
    protected internal override void Release(MemoryReservation reservation, long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
