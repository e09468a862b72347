using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Key columns of fixed-width values up to 64 bits (integers, temporal types, booleans, floats): each value becomes
/// a 64-bit key, equal exactly when the values group together (floats: every NaN one key, -0 the key of 0; half
/// floats by their bits, as <see cref="RowKeyEncoder"/>), looked up in a <see cref="LongGroupTable"/>.
/// </summary>
internal sealed class FixedIndexer : ColumnIndexer
{
    private const long CanonicalNaN = 0x7FF8_0000_0000_0000L;
    private const long CanonicalFloatNaN = 0x7FC0_0000L;
    private readonly LongGroupTable _table = new();
    private long[] _keys = [];

    public override long Bytes => base.Bytes + _table.Bytes + _keys.Length * 8L;

    protected override void MapPlain(ArrayData data, Span<int> ids, List<int>? newRows, bool add)
    {
        int n = data.Length;
        if (_keys.Length < n) _keys = new long[n];
        var keys = _keys.AsSpan(0, n);
        Load(data, keys);
        var validity = Validity(data);
        var table = _table;
        for (int r = 0; r < n; r++)
        {
            if (!validity.IsEmpty && !IsValid(validity, data.Offset + r))
            {
                ids[r] = AddNull(r, newRows, add);
                continue;
            }
            if (!add)
            {
                ids[r] = table.Find(keys[r]);
                continue;
            }
            int next = Count;
            int id = table.FindOrAdd(keys[r], next);
            if (id == next)
            {
                Count = next + 1;
                newRows?.Add(r);
            }
            ids[r] = id;
        }
    }

    protected override int Value(ArrayData data, int row, bool add)
    {
        Span<long> key = stackalloc long[1];
        Load(data.Slice(row, 1), key);
        if (!add) return _table.Find(key[0]);
        int next = Count;
        int id = _table.FindOrAdd(key[0], next);
        if (id == next) Count = next + 1;
        return id;
    }

    /// <summary>The keys of every value of <paramref name="data"/> (null slots get whatever their bytes hold).</summary>
    private static void Load(ArrayData data, Span<long> keys)
    {
        var bytes = data.Buffers[1].Span;
        int offset = data.Offset;
        int n = keys.Length;
        switch (data.DataType)
        {
            case BooleanType:
                for (int r = 0; r < n; r++)
                {
                    int bit = offset + r;
                    keys[r] = (bytes[bit >> 3] >> (bit & 7)) & 1;
                }
                break;
            case HalfFloatType: { var v = MemoryMarshal.Cast<byte, ushort>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) keys[r] = v[r]; break; }
            case FloatType:
            {
                var v = MemoryMarshal.Cast<byte, float>(bytes).Slice(offset, n);
                for (int r = 0; r < n; r++)
                {
                    float f = v[r];
                    keys[r] = float.IsNaN(f) ? CanonicalFloatNaN : f == 0f ? 0 : BitConverter.SingleToInt32Bits(f);
                }
                break;
            }
            case DoubleType:
            {
                var v = MemoryMarshal.Cast<byte, double>(bytes).Slice(offset, n);
                for (int r = 0; r < n; r++)
                {
                    double d = v[r];
                    keys[r] = double.IsNaN(d) ? CanonicalNaN : d == 0d ? 0 : BitConverter.DoubleToInt64Bits(d);
                }
                break;
            }
            case FixedWidthType { BitWidth: 8 }: { var v = MemoryMarshal.Cast<byte, sbyte>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) keys[r] = v[r]; break; }
            case FixedWidthType { BitWidth: 16 }: { var v = MemoryMarshal.Cast<byte, short>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) keys[r] = v[r]; break; }
            case FixedWidthType { BitWidth: 32 }: { var v = MemoryMarshal.Cast<byte, int>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) keys[r] = v[r]; break; }
            case FixedWidthType { BitWidth: 64 }: MemoryMarshal.Cast<byte, long>(bytes).Slice(offset, n).CopyTo(keys); break;
            default: throw new InvalidOperationException($"type {data.DataType.Name} is not a fixed-width key of at most 64 bits");
        }
    }
}
