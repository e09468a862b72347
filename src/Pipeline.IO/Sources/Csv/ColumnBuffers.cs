using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Pipeline.IO.Sources.Csv;

/// <summary>A growable array of unmanaged values rented from the shared pool, copied into an Arrow buffer at the end
/// (the Arrow buffer then lives on the managed heap, so disposing a batch never has to return pooled memory).</summary>
internal struct PooledValues<T> where T : unmanaged
{
    private T[] _items;

    public PooledValues(int capacity) { _items = ArrayPool<T>.Shared.Rent(Math.Max(16, capacity)); Count = 0; }

    public int Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T value)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = value;
    }

    /// <summary>Space for <paramref name="n"/> more items, to be filled by the caller before <see cref="Count"/> is raised.</summary>
    public Span<T> Reserve(int n)
    {
        if (Count + n > _items.Length) Grow(Count + n);
        return _items.AsSpan(Count, n);
    }

    public readonly Span<T> Written => _items.AsSpan(0, Count);

    private void Grow(int needed)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(needed, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(_items);
        _items = bigger;
    }

    /// <summary>Copies the values into a new Arrow buffer (exactly sized, so the pooled array can go back).</summary>
    public readonly ArrowBuffer ToArrowBuffer()
    {
        var bytes = MemoryMarshal.AsBytes(Written);
        var copy = GC.AllocateUninitializedArray<byte>(bytes.Length);
        bytes.CopyTo(copy);
        return new ArrowBuffer(copy);
    }

    public void Release()
    {
        if (_items is { Length: > 0 }) ArrayPool<T>.Shared.Return(_items);
        _items = [];
        Count = 0;
    }
}

/// <summary>A validity bitmap built one row at a time; costs nothing to build while no null has been seen.</summary>
internal struct ValidityBits
{
    private byte[]? _bits;
    private int _length;

    public int NullCount { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AppendValid()
    {
        if (_bits is not null) Set(_length, true);
        _length++;
    }

    public void AppendNull()
    {
        if (_bits is null)
        {
            _bits = new byte[Math.Max(64, (_length >> 3) * 2 + 8)];
            for (int i = 0; i < _length; i++) _bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        Set(_length, false);
        _length++;
        NullCount++;
    }

    /// <summary>Drops rows past <paramref name="length"/> (a row rolled back after a failed parse).</summary>
    public void Truncate(int length)
    {
        if (_bits is not null)
            for (int i = length; i < _length; i++)
                if ((_bits[i >> 3] & (1 << (i & 7))) == 0) NullCount--;
        _length = length;
    }

    private void Set(int index, bool valid)
    {
        if ((index >> 3) >= _bits!.Length) System.Array.Resize(ref _bits, _bits.Length * 2);
        if (valid) _bits[index >> 3] |= (byte)(1 << (index & 7));
        else _bits[index >> 3] &= (byte)~(1 << (index & 7));
    }

    public readonly ArrowBuffer ToArrowBuffer()
    {
        if (NullCount == 0 || _bits is null) return ArrowBuffer.Empty;
        int bytes = (_length + 7) >> 3;
        var copy = _bits.AsSpan(0, bytes).ToArray();
        // Bits past the length must be zero for a tidy buffer; clear a partial last byte's tail.
        if ((_length & 7) != 0) copy[bytes - 1] &= (byte)((1 << (_length & 7)) - 1);
        return new ArrowBuffer(copy);
    }
}
