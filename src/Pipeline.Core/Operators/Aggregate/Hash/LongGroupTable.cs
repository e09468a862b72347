namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Open-addressing hash table (linear probing, at most half full) from a 64-bit key to the id its caller gave it.
/// Keys and ids sit in the slots themselves, so a hit costs one cache line. The multiplicative hash spreads
/// sequential and clustered integers.
/// </summary>
internal sealed class LongGroupTable
{
    private long[] _keys;
    private int[] _ids; // id + 1; 0 is empty
    private int _shift;

    public LongGroupTable()
    {
        _keys = new long[16];
        _ids = new int[16];
        _shift = 64 - 4;
    }

    /// <summary>Keys inserted so far.</summary>
    public int Count { get; private set; }

    public long Bytes => _keys.Length * 12L;

    private int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    /// <summary>The id of <paramref name="key"/>, or -1 when absent.</summary>
    public int Find(long key)
    {
        int mask = _ids.Length - 1;
        for (int slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            int entry = _ids[slot];
            if (entry == 0) return -1;
            if (_keys[slot] == key) return entry - 1;
        }
    }

    /// <summary>The id of <paramref name="key"/>; when absent it is inserted with id <paramref name="newId"/>.</summary>
    public int FindOrAdd(long key, int newId)
    {
        var ids = _ids;
        var keys = _keys;
        int mask = ids.Length - 1;
        int slot = Slot(key);
        while (true)
        {
            int entry = ids[slot];
            if (entry == 0) break;
            if (keys[slot] == key) return entry - 1;
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = newId + 1;
        if (++Count * 2 > ids.Length) Grow();
        return newId;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldIds = _ids;
        _keys = new long[oldKeys.Length * 2];
        _ids = new int[oldIds.Length * 2];
        _shift--;
        int mask = _ids.Length - 1;
        for (int i = 0; i < oldIds.Length; i++)
        {
            if (oldIds[i] == 0) continue;
            int slot = Slot(oldKeys[i]);
            while (_ids[slot] != 0) slot = (slot + 1) & mask;
            _keys[slot] = oldKeys[i];
            _ids[slot] = oldIds[i];
        }
    }
}
