using Pipeline.Core.Errors;
using Pipeline.Core.Options;

namespace Pipeline.Core.Memory;

/// <summary>
/// The run's memory budget. Operators that buffer data register a <see cref="MemoryConsumer"/> and grow its
/// <see cref="MemoryReservation"/> before allocating; a refused growth means "spill or fail". Only buffered data is
/// reserved: transient per-batch work is covered by the fixed overhead. Implementations are thread-safe.
/// </summary>
public abstract class MemoryPool
{
    /// <summary>Bytes currently reserved by all consumers.</summary>
    public abstract long Reserved { get; }

    /// <summary>The budget in bytes, or null when unbounded.</summary>
    public abstract long? Limit { get; }

    /// <summary>Registers a consumer and returns its (empty) reservation; dispose it to give everything back.</summary>
    public MemoryReservation Register(MemoryConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var reservation = new MemoryReservation(this, consumer);
        OnRegistered(reservation);
        return reservation;
    }

    /// <summary>Takes <paramref name="bytes"/> (positive) from the budget for <paramref name="reservation"/>, or returns false without side effects.</summary>
    protected internal abstract bool TryAcquire(MemoryReservation reservation, long bytes);

    /// <summary>Gives <paramref name="bytes"/> (positive, previously acquired) back to the budget.</summary>
    protected internal abstract void Release(MemoryReservation reservation, long bytes);

    /// <summary>Called once when a reservation is created.</summary>
    protected internal virtual void OnRegistered(MemoryReservation reservation) { }

    /// <summary>Called once when a reservation is disposed, after its bytes were released.</summary>
    protected internal virtual void OnUnregistered(MemoryReservation reservation) { }

    /// <summary>The error for a refused <see cref="MemoryReservation.Grow"/>: names the consumer, the request and the limit.</summary>
    protected internal virtual PipelineException OutOfMemory(MemoryReservation reservation, long bytes)
        => new(PipelineErrorKind.ResourcesExhausted, Describe(reservation, bytes, Limit));

    /// <summary>The first part of every out-of-memory message (shared so decorators extend rather than rephrase it).</summary>
    protected static string Describe(MemoryReservation reservation, long bytes, long? limit)
        => $"memory limit reached: consumer '{reservation.Consumer.Name}' asked for {ByteSize.Format(bytes)}"
           + (limit is { } l ? $"; limit {ByteSize.Format(l)}" : "")
           + $"; holds {ByteSize.Format(reservation.Size)}";
}
