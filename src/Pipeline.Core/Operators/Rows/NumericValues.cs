using Apache.Arrow;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Rows;

/// <summary>Reads the values of any numeric Arrow array as doubles (nulls reported separately), for aggregates and quantiles.</summary>
internal static class NumericValues
{
    /// <summary>Whether values of <paramref name="type"/> can be read as numbers.</summary>
    public static bool IsNumeric(Apache.Arrow.Types.IArrowType type) => type.TypeId is
        Apache.Arrow.Types.ArrowTypeId.Int8 or Apache.Arrow.Types.ArrowTypeId.Int16 or Apache.Arrow.Types.ArrowTypeId.Int32 or Apache.Arrow.Types.ArrowTypeId.Int64 or
        Apache.Arrow.Types.ArrowTypeId.UInt8 or Apache.Arrow.Types.ArrowTypeId.UInt16 or Apache.Arrow.Types.ArrowTypeId.UInt32 or Apache.Arrow.Types.ArrowTypeId.UInt64 or
        Apache.Arrow.Types.ArrowTypeId.HalfFloat or Apache.Arrow.Types.ArrowTypeId.Float or Apache.Arrow.Types.ArrowTypeId.Double or Apache.Arrow.Types.ArrowTypeId.Decimal128;

    /// <summary>Fills <paramref name="values"/> and <paramref name="valid"/> (false for nulls) from <paramref name="array"/>.</summary>
    public static void Read(IArrowArray array, string column, Span<double> values, Span<bool> valid)
    {
        for (int i = 0; i < array.Length; i++) valid[i] = !array.IsNull(i);
        switch (array)
        {
            case DoubleArray a: a.Values.CopyTo(values); break;
            case FloatArray a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case HalfFloatArray a: for (int i = 0; i < a.Length; i++) values[i] = (double)a.Values[i]; break;
            case Int64Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case Int32Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case Int16Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case Int8Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case UInt64Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case UInt32Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case UInt16Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case UInt8Array a: for (int i = 0; i < a.Length; i++) values[i] = a.Values[i]; break;
            case Decimal128Array a: for (int i = 0; i < a.Length; i++) values[i] = valid[i] ? (double)a.GetValue(i)!.Value : 0; break;
            default:
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}': type {array.Data.DataType.Name} is not numeric");
        }
    }
}
