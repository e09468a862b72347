using Apache.Arrow;

namespace Pipeline.Engine.Validate.Evaluation.Values;

/// <summary>An array's validity bitmap, read a bit per row without a call into the array per row.</summary>
internal readonly ref struct NullBits
{
    private readonly ReadOnlySpan<byte> _bitmap;
    private readonly int _offset;
    private readonly bool _any, _all;

    /// <summary>The validity of <paramref name="array"/>.</summary>
    public NullBits(IArrowArray array)
    {
        var data = array.Data;
        _any = array.NullCount > 0;
        _offset = data.Offset;
        _bitmap = _any && data.Buffers.Length > 0 ? data.Buffers[0].Span : default;
        // Nulls without a bitmap (a null-typed array): every row is null.
        _all = _any && _bitmap.IsEmpty;
    }

    /// <summary>Whether the array has a null at all.</summary>
    public bool Any => _any;

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row)
    {
        if (!_any) return false;
        if (_all) return true;
        int bit = _offset + row;
        return (_bitmap[bit >> 3] & (1 << (bit & 7))) == 0;
    }
}
