namespace Pipeline.Core.Memory;

/// <summary>
/// The bytes one <see cref="MemoryConsumer"/> holds from a <see cref="MemoryPool"/>. Grow before allocating, shrink
/// after freeing; disposing gives everything back (so an operator that fails or is cancelled cannot leak budget).
/// Thread-safe, though a reservation normally belongs to one operator.
/// </summary>
public sealed class MemoryReservation : IDisposable
{
    private readonly MemoryPool _pool;
    private readonly Lock _gate = new();
    private long _size;
    private bool _disposed;

    internal MemoryReservation(MemoryPool pool, MemoryConsumer consumer)
    {
        _pool = pool;
        Consumer = consumer;
    }

    /// <summary>Who holds this reservation.</summary>
    public MemoryConsumer Consumer { get; }

    /// <summary>Bytes currently held.</summary>
    // Read without the lock so a pool listing every consumer's size (for an error message) can never deadlock
    // against a consumer that is growing under its own lock; writes happen under the lock.
    public long Size => Volatile.Read(ref _size);

    /// <summary>Adds <paramref name="bytes"/> if the pool has them; false (and nothing changes) otherwise.</summary>
    public bool TryGrow(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (bytes == 0) return true;
            if (!_pool.TryAcquire(this, bytes)) return false;
            Volatile.Write(ref _size, _size + bytes);
            return true;
        }
    }

    /// <summary>Adds <paramref name="bytes"/> or throws a <see cref="Errors.PipelineException"/> (ResourcesExhausted) naming this consumer, the limit and the largest users.</summary>
    public void Grow(long bytes)
    {
        if (!TryGrow(bytes)) throw _pool.OutOfMemory(this, bytes);
    }

    /// <summary>Gives back <paramref name="bytes"/> (at most <see cref="Size"/>).</summary>
    public void Shrink(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (bytes > _size) throw new ArgumentOutOfRangeException(nameof(bytes), $"cannot shrink {Consumer.Name} by {bytes}: it holds {_size}");
            if (bytes == 0) return;
            Volatile.Write(ref _size, _size - bytes);
            _pool.Release(this, bytes);
        }
    }

    /// <summary>Grows or shrinks to exactly <paramref name="bytes"/>; growing throws like <see cref="Grow"/>.</summary>
    public void Resize(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (bytes > _size) Grow(bytes - _size);
            else Shrink(_size - bytes);
        }
    }

    /// <summary>Grows or shrinks to exactly <paramref name="bytes"/>; false (nothing changes) when growing is refused.</summary>
    public bool TryResize(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            if (bytes > _size) return TryGrow(bytes - _size);
            Shrink(_size - bytes);
            return true;
        }
    }

    /// <summary>Gives everything back and unregisters from the pool. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (_size > 0) _pool.Release(this, _size);
            Volatile.Write(ref _size, 0);
            _disposed = true;
        }
        _pool.OnUnregistered(this);
    }
}
