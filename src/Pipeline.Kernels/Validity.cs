using Apache.Arrow;

namespace Pipeline.Kernels;

/// <summary>Reads an array's validity bitmap by logical row, folding in the array offset once.</summary>
/// <remarks>A ref struct over the bitmap span: no per-row virtual call into <c>IArrowArray.IsValid</c>.
/// An absent bitmap (or a zero null count) means every row is valid.</remarks>
internal readonly ref struct Validity
{
    private readonly ReadOnlySpan<byte> _bitmap;
    private readonly int _offset;
    private readonly bool _allValid;

    private Validity(ReadOnlySpan<byte> bitmap, int offset, bool allValid)
    {
        _bitmap = bitmap;
        _offset = offset;
        _allValid = allValid;
    }

    /// <summary>The validity of <paramref name="array"/>.</summary>
    public static Validity Of(IArrowArray array)
    {
        var data = array.Data;
        if (data.DataType.TypeId == Apache.Arrow.Types.ArrowTypeId.Null) return new Validity(default, 0, false);
        var bitmap = data.Buffers.Length > 0 ? data.Buffers[0].Span : default;
        return new Validity(bitmap, data.Offset, array.NullCount == 0 || bitmap.IsEmpty);
    }

    /// <summary>True when row <paramref name="index"/> (relative to the array's start) holds a value.</summary>
    public bool IsValid(int index)
    {
        if (_allValid) return true;
        if (_bitmap.IsEmpty) return false;
        int bit = _offset + index;
        return (_bitmap[bit >> 3] & (1 << (bit & 7))) != 0;
    }
}
