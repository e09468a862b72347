using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Reads a key column compared by bytes (<see cref="KeyRead.Bytes"/>): strings and binaries (their ordinal bytes,
/// through the dictionary when encoded) and fixed-width values (decimals, fixed-size binaries) as raw bytes.
/// </summary>
internal abstract class KeyBytes
{
    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public abstract bool IsNull(int row);

    /// <summary>The bytes of row <paramref name="row"/> (not null).</summary>
    public abstract ReadOnlySpan<byte> Get(int row);

    /// <summary>The reader for <paramref name="array"/>.</summary>
    public static KeyBytes For(IArrowArray array) => array switch
    {
        DictionaryArray dictionary => new Dictionary(dictionary),
        BinaryArray binary => new Binary(binary),
        LargeBinaryArray large => new LargeBinary(large),
        _ when array.Data.DataType is FixedWidthType fixedWidth => new Fixed(array, fixedWidth.BitWidth / 8),
        _ => throw new InvalidOperationException($"type {array.Data.DataType.Name} is not read as bytes"),
    };

    private sealed class Binary(BinaryArray array) : KeyBytes
    {
        public override bool IsNull(int row) => array.IsNull(row);
        public override ReadOnlySpan<byte> Get(int row) => array.GetBytes(row);
    }

    private sealed class LargeBinary(LargeBinaryArray array) : KeyBytes
    {
        public override bool IsNull(int row) => array.IsNull(row);
        public override ReadOnlySpan<byte> Get(int row) => array.GetBytes(row);
    }

    private sealed class Fixed(IArrowArray array, int width) : KeyBytes
    {
        public override bool IsNull(int row) => array.IsNull(row);
        public override ReadOnlySpan<byte> Get(int row) => array.Data.Buffers[1].Span.Slice((array.Data.Offset + row) * width, width);
    }

    private sealed class Dictionary(DictionaryArray array) : KeyBytes
    {
        private readonly KeyBytes _entries = For(array.Dictionary);
        private readonly long[] _indices = KeyNumbers.Indices(array);

        public override bool IsNull(int row) => array.IsNull(row) || _entries.IsNull((int)_indices[row]);
        public override ReadOnlySpan<byte> Get(int row) => _entries.Get((int)_indices[row]);
    }
}
