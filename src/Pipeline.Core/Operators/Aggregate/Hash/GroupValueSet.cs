using System.Buffers.Binary;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// The distinct (group, value) pairs of a column, ids in order of first appearance: the exact state of
/// count(DISTINCT) and mode. A pair is encoded as the group (4 bytes) then the value: its code (8 bytes), its
/// unscaled decimal (16) or its bytes, so equal values of a group (NaN with NaN) are equal keys.
/// </summary>
internal sealed class GroupValueSet(ValueKind kind)
{
    private const ulong Seed = 0x5EED_D157_0000_0001UL;
    private readonly ByteKeyTable _table = new();
    private byte[] _buffer = new byte[64];

    public int Count => _table.Count;

    public long Bytes => _table.Bytes + _buffer.Length;

    /// <summary>The id of the pair (group, value of <paramref name="row"/>), adding it when new.</summary>
    public int Add(int group, ColumnValues values, int row, out bool added)
    {
        int length = 4 + kind switch
        {
            ValueKind.Decimal => 16,
            ValueKind.Binary => values.Bytes(row).Length,
            _ => 8,
        };
        if (_buffer.Length < length) _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        var key = _buffer.AsSpan(0, length);
        BinaryPrimitives.WriteInt32LittleEndian(key, group);
        switch (kind)
        {
            case ValueKind.Decimal: BinaryPrimitives.WriteInt128LittleEndian(key[4..], values.Decimals[row]); break;
            case ValueKind.Binary: values.Bytes(row).CopyTo(key[4..]); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(key[4..], values.Codes[row]); break;
        }
        return _table.FindOrAdd(key, XxHash64.Hash(key, Seed), out added);
    }

    /// <summary>The group of pair <paramref name="id"/>.</summary>
    public int Group(int id) => BinaryPrimitives.ReadInt32LittleEndian(_table.Key(id));

    /// <summary>The value bytes of pair <paramref name="id"/> (the code, the decimal or the string bytes).</summary>
    public ReadOnlySpan<byte> Value(int id) => _table.Key(id)[4..];

    public long Code(int id) => BinaryPrimitives.ReadInt64LittleEndian(Value(id));

    public Int128 Decimal(int id) => BinaryPrimitives.ReadInt128LittleEndian(Value(id));
}
