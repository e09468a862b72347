using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Engine.Steps;

/// <summary>All-null arrays of a given type (a column one input of a union lacks, an unmatched join side).</summary>
internal static class NullColumn
{
    /// <summary>Whether two columns can share one output column without a conversion.</summary>
    public static bool SameType(IArrowType a, IArrowType b) => a.TypeId == b.TypeId && a switch
    {
        TimestampType ta => b is TimestampType tb && ta.Unit == tb.Unit && ta.Timezone == tb.Timezone,
        Decimal128Type da => b is Decimal128Type db && da.Scale == db.Scale && da.Precision == db.Precision,
        DictionaryType => false,
        _ => a.Name == b.Name,
    };

    /// <summary><paramref name="length"/> nulls of <paramref name="type"/> (flat types; nested ones are refused clearly).</summary>
    public static IArrowArray Of(IArrowType type, int length)
    {
        var validity = new ArrowBuffer(new byte[(length + 7) / 8]);
        ArrayData data = type switch
        {
            BooleanType => new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 7) / 8])]),
            FixedWidthType fixedWidth => new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[length * (fixedWidth.BitWidth / 8)])]),
            StringType or BinaryType => new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 4]), ArrowBuffer.Empty]),
            LargeStringType or LargeBinaryType => new ArrayData(type, length, length, 0, [validity, new ArrowBuffer(new byte[(length + 1) * 8]), ArrowBuffer.Empty]),
            _ => throw new PipelineException(PipelineErrorKind.Schema, $"cannot fill a missing column of type {type.Name} with nulls"),
        };
        return ArrowArrayFactory.BuildArray(data);
    }
}
