using System.Collections.Concurrent;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;

namespace Pipeline.Core.Memory;

/// <summary>
/// Wraps another pool and remembers every live reservation, so an out-of-memory error can say who holds the memory
/// ("largest: sort 100 MiB, dedup 20 MiB") instead of only that it ran out.
/// </summary>
public sealed class TrackConsumersPool : MemoryPool
{
    private readonly MemoryPool _inner;
    private readonly int _top;
    private readonly ConcurrentDictionary<MemoryReservation, byte> _live = new(ReferenceEqualityComparer.Instance);

    /// <summary>Wraps <paramref name="inner"/>; errors list the <paramref name="top"/> largest consumers.</summary>
    public TrackConsumersPool(MemoryPool inner, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        _inner = inner;
        _top = top;
    }

    /// <inheritdoc />
    public override long Reserved => _inner.Reserved;

    /// <inheritdoc />
    public override long? Limit => _inner.Limit;

    /// <summary>The live consumers, largest first (a snapshot; sizes may change right after).</summary>
    public IReadOnlyList<(MemoryConsumer Consumer, long Bytes)> LargestConsumers()
        => [.. _live.Keys.Select(r => (r.Consumer, r.Size)).OrderByDescending(x => x.Size).ThenBy(x => x.Consumer.Name, StringComparer.Ordinal)];

    /// <inheritdoc />
    protected internal override bool TryAcquire(MemoryReservation reservation, long bytes) => _inner.TryAcquire(reservation, bytes);

    /// <inheritdoc />
    protected internal override void Release(MemoryReservation reservation, long bytes) => _inner.Release(reservation, bytes);

    /// <inheritdoc />
    protected internal override void OnRegistered(MemoryReservation reservation) => _live.TryAdd(reservation, 0);

    /// <inheritdoc />
    protected internal override void OnUnregistered(MemoryReservation reservation) => _live.TryRemove(reservation, out _);

    /// <inheritdoc />
    protected internal override PipelineException OutOfMemory(MemoryReservation reservation, long bytes)
    {
        var largest = LargestConsumers().Where(x => x.Bytes > 0).Take(_top)
            .Select(x => $"{x.Consumer.Name} {ByteSize.Format(x.Bytes)}").ToList();
        string users = largest.Count == 0 ? "none" : string.Join(", ", largest);
        return new PipelineException(PipelineErrorKind.ResourcesExhausted,
            $"{Describe(reservation, bytes, Limit)}; largest: {users}. Raise --memory-limit or reduce the data this stage buffers.");
    }
}
