using Pipeline.Core.Memory;

namespace Pipeline.Core.Operators;

/// <summary>
/// An open-addressing hash set of byte keys whose memory is exactly accountable: keys live back to back in large
/// byte chunks (no object per key), and the slot table is one flat array of 24-byte slots (hash, key reference,
/// first row side by side, so a probe touches one cache line). Every allocation is first reserved
/// from the operator's <see cref="MemoryReservation"/>; when the pool refuses, <see cref="TryAdd"/> says so and
/// changes nothing, so the caller can spill. Each key remembers the row where it was first seen and whether a
/// duplicate of it was already reported.
/// </summary>
internal sealed class KeySet : IDisposable
{
    /// <summary>Bytes per slot: hash, key reference and first row, 8 each.</summary>
    public const int SlotBytes = 24;
    private const int ChunkBytes = 256 * 1024;
    private const int InitialSlots = 1024;
    private const long ReportedFlag = long.MinValue;

    private readonly MemoryReservation _reservation;
    private readonly List<byte[]> _chunks = [];
    private int _chunk = -1; // the chunk being filled; later ones are kept from before a Reset
    private int _chunkUsed;
    private Slot[] _slots = [];
    private long _reservedBytes;

    /// <summary>Key reference: (chunk &lt;&lt; 32 | offset) + 1, 0 marking an empty slot. Row: first row, top bit set once reported.</summary>
    private struct Slot
    {
        public ulong Hash;
        public long Ref;
        public long Row;
    }

    public KeySet(MemoryReservation reservation) => _reservation = reservation;

    /// <summary>Distinct keys held.</summary>
    public int Count { get; private set; }

    public enum Outcome { Added, Duplicate, NeedMemory }

    /// <summary>
    /// Adds a key first seen at <paramref name="row"/> (<paramref name="reported"/>: a duplicate of it was already
    /// reported). For a key already present, returns <see cref="Outcome.Duplicate"/> with its first row and whether
    /// this is the first duplicate (which marks it reported). With <paramref name="force"/>, a refused reservation
    /// throws the pool's out-of-memory error instead of returning <see cref="Outcome.NeedMemory"/>.
    /// </summary>
    public Outcome TryAdd(ulong hash, ReadOnlySpan<byte> key, long row, bool reported, bool force, out long firstRow, out bool firstDuplicate)
    {
        firstRow = -1;
        firstDuplicate = false;
        if (_slots.Length == 0 && !TryResize(InitialSlots, force)) return Outcome.NeedMemory;
        int mask = _slots.Length - 1;
        int index = (int)hash & mask;
        while (_slots[index].Ref != 0)
        {
            ref var slot = ref _slots[index];
            if (slot.Hash == hash && KeyAt(slot.Ref - 1).SequenceEqual(key))
            {
                long stored = slot.Row;
                firstRow = stored & ~ReportedFlag;
                firstDuplicate = stored >= 0;
                slot.Row = stored | ReportedFlag;
                return Outcome.Duplicate;
            }
            index = (index + 1) & mask;
        }
        // Grow the table at 70% load before placing, so probe chains stay short.
        if ((Count + 1) * 10L > _slots.Length * 7L)
        {
            if (!TryResize(_slots.Length * 2, force)) return Outcome.NeedMemory;
            return TryAdd(hash, key, row, reported, force, out firstRow, out firstDuplicate);
        }
        if (!TryStore(key, force, out long reference)) return Outcome.NeedMemory;
        _slots[index] = new Slot { Hash = hash, Ref = reference + 1, Row = reported ? row | ReportedFlag : row };
        Count++;
        return Outcome.Added;
    }

    /// <summary>
    /// Adds a key seen at <paramref name="row"/>, or, for a key already present, keeps the lower row
    /// (<paramref name="keepLast"/> false) or the higher one (true) as its winner. Returns <see cref="Outcome.Added"/>
    /// or <see cref="Outcome.Duplicate"/> (with <paramref name="previous"/>, the winner before this row), or
    /// <see cref="Outcome.NeedMemory"/> (nothing changed). The reported flag is not used.
    /// </summary>
    public Outcome TryAddWinner(ulong hash, ReadOnlySpan<byte> key, long row, bool keepLast, bool force, out long previous)
    {
        previous = -1;
        if (_slots.Length == 0 && !TryResize(InitialSlots, force)) return Outcome.NeedMemory;
        int mask = _slots.Length - 1;
        int index = (int)hash & mask;
        while (_slots[index].Ref != 0)
        {
            ref var slot = ref _slots[index];
            if (slot.Hash == hash && KeyAt(slot.Ref - 1).SequenceEqual(key))
            {
                previous = slot.Row;
                if (keepLast ? row > slot.Row : row < slot.Row) slot.Row = row;
                return Outcome.Duplicate;
            }
            index = (index + 1) & mask;
        }
        if ((Count + 1) * 10L > _slots.Length * 7L)
        {
            if (!TryResize(_slots.Length * 2, force)) return Outcome.NeedMemory;
            return TryAddWinner(hash, key, row, keepLast, force, out previous);
        }
        if (!TryStore(key, force, out long reference)) return Outcome.NeedMemory;
        _slots[index] = new Slot { Hash = hash, Ref = reference + 1, Row = row };
        Count++;
        return Outcome.Added;
    }

    /// <summary>Every key with its hash, first row and reported flag (for spilling the set to partitions).</summary>
    public void ForEach(KeyVisitor visit)
    {
        foreach (var slot in _slots)
        {
            if (slot.Ref == 0) continue;
            visit(slot.Hash, KeyAt(slot.Ref - 1), slot.Row & ~ReportedFlag, slot.Row < 0);
        }
    }

    public delegate void KeyVisitor(ulong hash, ReadOnlySpan<byte> key, long firstRow, bool reported);

    /// <summary>
    /// Drops every key but keeps the chunks and slot table (and their reservation) for the next partition: freeing
    /// and reallocating them per partition would leave the old arrays as garbage until a full GC, doubling the
    /// resident set under a tight limit.
    /// </summary>
    public void Reset()
    {
        System.Array.Clear(_slots);
        _chunk = _chunks.Count > 0 ? 0 : -1;
        _chunkUsed = 0;
        Count = 0;
    }

    /// <summary>Drops every key and gives all its memory back to the reservation.</summary>
    public void Clear()
    {
        _chunks.Clear();
        _chunk = -1;
        _chunkUsed = 0;
        _slots = [];
        Count = 0;
        _reservation.Shrink(_reservedBytes);
        _reservedBytes = 0;
    }

    public void Dispose() => Clear();

    private ReadOnlySpan<byte> KeyAt(long reference)
    {
        var chunk = _chunks[(int)(reference >> 32)];
        int offset = (int)reference;
        int length = BitConverter.ToInt32(chunk, offset);
        return chunk.AsSpan(offset + 4, length);
    }

    private bool TryStore(ReadOnlySpan<byte> key, bool force, out long reference)
    {
        int need = key.Length + 4;
        if (_chunk < 0 || _chunks[_chunk].Length - _chunkUsed < need)
        {
            if (_chunk + 1 < _chunks.Count && _chunks[_chunk + 1].Length >= need)
            {
                _chunk++; // reuse a chunk kept by Reset: already reserved
            }
            else
            {
                // A key longer than a chunk gets a chunk of its own size.
                int size = Math.Max(ChunkBytes, need);
                if (!Reserve(size, force))
                {
                    reference = 0;
                    return false;
                }
                _chunks.Insert(++_chunk, new byte[size]);
            }
            _chunkUsed = 0;
        }
        var chunk = _chunks[_chunk];
        BitConverter.TryWriteBytes(chunk.AsSpan(_chunkUsed), key.Length);
        key.CopyTo(chunk.AsSpan(_chunkUsed + 4));
        reference = ((long)_chunk << 32) | (uint)_chunkUsed;
        _chunkUsed += need;
        return true;
    }

    private bool TryResize(int slots, bool force)
    {
        // Old and new tables are alive together while rehashing, so reserve both; the old one is returned after.
        long oldBytes = (long)_slots.Length * SlotBytes;
        long newBytes = (long)slots * SlotBytes;
        if (!Reserve(newBytes, force)) return false;
        var old = _slots;
        _slots = new Slot[slots];
        int mask = slots - 1;
        foreach (var slot in old)
        {
            if (slot.Ref == 0) continue;
            int index = (int)slot.Hash & mask;
            while (_slots[index].Ref != 0) index = (index + 1) & mask;
            _slots[index] = slot;
        }
        _reservation.Shrink(oldBytes);
        _reservedBytes -= oldBytes;
        return true;
    }

    private bool Reserve(long bytes, bool force)
    {
        if (force) _reservation.Grow(bytes);
        else if (!_reservation.TryGrow(bytes)) return false;
        _reservedBytes += bytes;
        return true;
    }
}
