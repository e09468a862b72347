using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Quarantine;

/// <summary>All-null Arrow arrays of a given type, for the data columns of quarantined rows that have no data
/// (rows a reader rejected). Types without a flat layout (lists, structs, maps) are not supported.</summary>
public static class NullColumns
{
    /// <summary>Whether <see cref="Create"/> supports the type.</summary>
    public static bool Supports(IArrowType type) => type is FixedWidthType or StringType or LargeStringType or BinaryType or LargeBinaryType;

    /// <summary>An array of <paramref name="length"/> nulls.</summary>
    public static IArrowArray Create(IArrowType type, int length)
    {
        var validity = new ArrowBuffer(new byte[(length + 7) / 8]);
        ArrowBuffer[] buffers = type switch
        {
            FixedWidthType f => [validity, new ArrowBuffer(new byte[((long)length * f.BitWidth + 7) / 8])],
            LargeStringType or LargeBinaryType => [validity, new ArrowBuffer(new byte[(length + 1) * 8]), ArrowBuffer.Empty],
            _ => [validity, new ArrowBuffer(new byte[(length + 1) * 4]), ArrowBuffer.Empty],
        };
        return ArrowArrayFactory.BuildArray(new ArrayData(type, length, length, 0, buffers));
    }
}
