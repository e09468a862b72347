using Apache.Arrow;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Numeric columns as doubles aligned with the rows (NaN for null), for pairwise statistics.</summary>
internal static class AlignedValues
{
    /// <summary>Fills <paramref name="destination"/>[0..array.Length) with each row's value or NaN.</summary>
    public static void Fill(IArrowArray array, Span<double> destination)
    {
        switch (array)
        {
            case DoubleArray a: Copy(a.Values, a, destination); break;
            case FloatArray a: Copy(a.Values, a, destination); break;
            case Int64Array a: Copy(a.Values, a, destination); break;
            case Int32Array a: Copy(a.Values, a, destination); break;
            case Int16Array a: Copy(a.Values, a, destination); break;
            case Int8Array a: Copy(a.Values, a, destination); break;
            case UInt64Array a: Copy(a.Values, a, destination); break;
            case UInt32Array a: Copy(a.Values, a, destination); break;
            case UInt16Array a: Copy(a.Values, a, destination); break;
            case UInt8Array a: Copy(a.Values, a, destination); break;
            default:
                for (int i = 0; i < array.Length; i++)
                    destination[i] = array.IsNull(i) ? double.NaN
                        : double.TryParse(ValueText.Get(array, i), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                break;
        }
    }

    private static void Copy<T>(ReadOnlySpan<T> values, IArrowArray array, Span<double> destination) where T : struct, System.Numerics.INumberBase<T>
    {
        bool nulls = array.NullCount > 0;
        for (int i = 0; i < values.Length; i++)
            destination[i] = nulls && array.IsNull(i) ? double.NaN : double.CreateTruncating(values[i]);
    }
}
