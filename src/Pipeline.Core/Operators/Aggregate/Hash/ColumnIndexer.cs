using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Maps one key column's values to dense ids in order of first appearance (the NULL value gets one id too). A
/// subclass per value representation does the plain arrays in one tight loop; dictionary arrays are handled here:
/// each dictionary entry is looked up once, on its first use, and the entry → id map is kept while the next batch
/// brings the same dictionary, so rows cost one array read. Entries are looked up by value, so batches with
/// different dictionaries, or a dictionary and a plain array, agree.
/// </summary>
internal abstract class ColumnIndexer
{
    private int _nullId = -1;
    private ArrayData? _dictionary;
    private int[] _entryIds = [];
    private int[] _indices = [];

    /// <summary>Ids given so far.</summary>
    public int Count { get; protected set; }

    /// <summary>Bytes held (tables and scratch arrays).</summary>
    public virtual long Bytes => (_entryIds.Length + _indices.Length) * 4L;

    /// <summary>The indexer for a key column of type <paramref name="type"/>.</summary>
    public static ColumnIndexer For(IArrowType type) => type switch
    {
        DictionaryType dictionary => For(dictionary.ValueType),
        StringType or BinaryType or LargeStringType or LargeBinaryType or Decimal128Type => new BytesIndexer(),
        _ => new FixedIndexer(),
    };

    /// <summary>
    /// The id of every row of <paramref name="array"/>. With <paramref name="add"/> new values get the next ids and
    /// their rows go to <paramref name="newRows"/> (when given); without, unknown values get -1.
    /// </summary>
    public void Map(IArrowArray array, Span<int> ids, List<int>? newRows, bool add)
    {
        if (array is DictionaryArray dictionary) MapDictionary(dictionary, ids, newRows, add);
        else MapPlain(array.Data, ids, newRows, add);
    }

    /// <summary>The loop over a plain array: <see cref="Null"/> for null rows, a lookup for the others.</summary>
    protected abstract void MapPlain(ArrayData data, Span<int> ids, List<int>? newRows, bool add);

    /// <summary>The id of the non-null value <paramref name="row"/> of <paramref name="data"/> (-1 when absent and not <paramref name="add"/>).</summary>
    protected abstract int Value(ArrayData data, int row, bool add);

    /// <summary>The NULL value's id (-1 when it has none and not <paramref name="add"/>).</summary>
    protected int Null(bool add)
    {
        if (_nullId < 0 && add) _nullId = Count++;
        return _nullId;
    }

    /// <summary>The validity bitmap, empty when every value is valid.</summary>
    protected static ReadOnlySpan<byte> Validity(ArrayData data) => data.NullCount == 0 ? default : data.Buffers[0].Span;

    protected static bool IsValid(ReadOnlySpan<byte> validity, int bit)
        => validity.IsEmpty || (validity[bit >> 3] & (1 << (bit & 7))) != 0;

    private void MapDictionary(DictionaryArray array, Span<int> ids, List<int>? newRows, bool add)
    {
        var values = array.Dictionary.Data;
        var indexData = array.Indices.Data;
        int n = indexData.Length;
        if (_indices.Length < n) _indices = new int[n];
        var indices = _indices.AsSpan(0, n);
        ReadIndices(indexData, indices);
        var validity = Validity(indexData);
        var valueValidity = Validity(values);
        if (!ReferenceEquals(values, _dictionary) || !add)
        {
            // A new dictionary: its entries are looked up again as rows use them (an unknown entry stays -1 while finding).
            _dictionary = add ? values : null;
            if (_entryIds.Length < values.Length) _entryIds = new int[values.Length];
            _entryIds.AsSpan(0, values.Length).Fill(-1);
        }
        var entryIds = _entryIds;
        for (int r = 0; r < n; r++)
        {
            if (!IsValid(validity, indexData.Offset + r))
            {
                ids[r] = AddNull(r, newRows, add);
                continue;
            }
            int entry = indices[r];
            int id = entryIds[entry];
            if (id < 0)
            {
                int before = Count;
                id = IsValid(valueValidity, values.Offset + entry) ? Value(values, entry, add) : Null(add);
                if (Count != before) newRows?.Add(r);
                entryIds[entry] = id;
            }
            ids[r] = id;
        }
        if (!add) _entryIds.AsSpan(0, values.Length).Fill(-1);
    }

    /// <summary>The NULL id for row <paramref name="row"/>, which joins <paramref name="newRows"/> when it creates it.</summary>
    protected int AddNull(int row, List<int>? newRows, bool add)
    {
        if (_nullId >= 0 || !add) return _nullId;
        newRows?.Add(row);
        return Null(add);
    }

    private static void ReadIndices(ArrayData data, Span<int> indices)
    {
        var bytes = data.Buffers[1].Span;
        int offset = data.Offset;
        int n = indices.Length;
        switch (data.DataType)
        {
            case Int8Type: for (int r = 0; r < n; r++) indices[r] = (sbyte)bytes[offset + r]; break;
            case UInt8Type: for (int r = 0; r < n; r++) indices[r] = bytes[offset + r]; break;
            case Int16Type: { var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) indices[r] = v[r]; break; }
            case UInt16Type: { var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) indices[r] = v[r]; break; }
            case Int32Type or UInt32Type: System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes).Slice(offset, n).CopyTo(indices); break;
            default: { var v = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes).Slice(offset, n); for (int r = 0; r < n; r++) indices[r] = checked((int)v[r]); break; }
        }
    }
}
