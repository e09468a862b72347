using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Validate.Expressions;

/// <summary>Turns Arrow arrays into <see cref="Vec"/>s, one tight loop per array type (no per-row type tests).</summary>
internal static class ColumnLoader
{
    /// <summary>The value kind of an Arrow type, or null when rules cannot compute with it (lists, structs, binary).</summary>
    public static ValueKind? KindOf(IArrowType type) => type switch
    {
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type
            or HalfFloatType or FloatType or DoubleType or Decimal128Type or Decimal256Type => ValueKind.Number,
        StringType or LargeStringType or StringViewType => ValueKind.String,
        BooleanType => ValueKind.Bool,
        Date32Type or Date64Type or TimestampType => ValueKind.Time,
        DictionaryType d => KindOf(d.ValueType),
        _ => null,
    };

    public static Vec Load(IArrowArray array)
    {
        int n = array.Length;
        var nulls = NullMask(array);
        switch (array)
        {
            case DoubleArray a: return Numbers(n, nulls, a.Values, static v => v);
            case FloatArray a: return Numbers(n, nulls, a.Values, static v => v);
            case Int64Array a: return Numbers(n, nulls, a.Values, static v => v);
            case Int32Array a: return Numbers(n, nulls, a.Values, static v => v);
            case Int16Array a: return Numbers(n, nulls, a.Values, static v => v);
            case Int8Array a: return Numbers(n, nulls, a.Values, static v => v);
            case UInt64Array a: return Numbers(n, nulls, a.Values, static v => v);
            case UInt32Array a: return Numbers(n, nulls, a.Values, static v => v);
            case UInt16Array a: return Numbers(n, nulls, a.Values, static v => v);
            case UInt8Array a: return Numbers(n, nulls, a.Values, static v => v);
            case HalfFloatArray a: return Numbers(n, nulls, a.Values, static v => (double)v);
            case Decimal128Array a: return Decimal128(a, nulls);
            case Decimal256Array a: return Slow(n, nulls, i => double.Parse(a.GetString(i)!, System.Globalization.CultureInfo.InvariantCulture));
            case StringArray a: return Utf8(a, nulls);
            case LargeStringArray a: return Strings(n, nulls, i => a.GetString(i));
            case StringViewArray a: return Strings(n, nulls, i => a.GetString(i));
            case BooleanArray a:
            {
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = a.GetValue(i) ?? false;
                return new Vec { Kind = ValueKind.Bool, Length = n, Bools = b, Nulls = nulls };
            }
            case Date32Array a: return Times(n, nulls, a.Values, static d => d * 86_400_000_000L);
            case Date64Array a: return Times(n, nulls, a.Values, static ms => ms * 1000L);
            case TimestampArray a:
            {
                var unit = ((TimestampType)a.Data.DataType).Unit;
                return unit switch
                {
                    TimeUnit.Second => Times(n, nulls, a.Values, static v => v * 1_000_000L),
                    TimeUnit.Millisecond => Times(n, nulls, a.Values, static v => v * 1000L),
                    TimeUnit.Microsecond => Times(n, nulls, a.Values, static v => v),
                    _ => Times(n, nulls, a.Values, static v => v / 1000L),
                };
            }
            case DictionaryArray d: return Gather(Load(d.Dictionary), d.Indices, nulls);
            default: throw new NotSupportedException($"rules cannot read {array.Data.DataType.Name} columns");
        }
    }

    private static bool[]? NullMask(IArrowArray array)
    {
        if (array.NullCount == 0) return null;
        var m = new bool[array.Length];
        Evaluation.ArrayChecks.Validity.MarkNulls(array, m);
        return m;
    }

    private static Vec Numbers<T>(int n, bool[]? nulls, ReadOnlySpan<T> values, Func<T, double> convert)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = convert(values[i]);
        return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = nulls };
    }

    /// <summary>Decimals from their 128-bit unscaled integers: exact up to the double's rounding at every precision
    /// (going through <c>SqlDecimal</c> overflows for some precision-38 values).</summary>
    private static Vec Decimal128(Decimal128Array a, bool[]? nulls)
    {
        int n = a.Length;
        double divisor = Math.Pow(10, ((Decimal128Type)a.Data.DataType).Scale);
        var raw = a.ValueBuffer.Span.Slice(a.Offset * 16, n * 16);
        var r = new double[n];
        for (int i = 0; i < n; i++)
            if (nulls is null || !nulls[i]) r[i] = (double)System.Buffers.Binary.BinaryPrimitives.ReadInt128LittleEndian(raw.Slice(i * 16, 16)) / divisor;
        return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = nulls };
    }

    private static Vec Slow(int n, bool[]? nulls, Func<int, double> get)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) r[i] = get(i);
        return new Vec { Kind = ValueKind.Number, Length = n, Numbers = r, Nulls = nulls };
    }

    /// <summary>Decodes straight from the offsets and data buffers; runs of equal values (low-cardinality columns
    /// such as a status) reuse the previous string instead of allocating a new one.</summary>
    private static Vec Utf8(StringArray a, bool[]? nulls)
    {
        int n = a.Length;
        var r = new string?[n];
        var offsets = a.ValueOffsets;
        var data = a.Values;
        ReadOnlySpan<byte> previous = default;
        string? previousString = null;
        for (int i = 0; i < n; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            var bytes = data.Slice(offsets[i], offsets[i + 1] - offsets[i]);
            if (previousString is not null && bytes.SequenceEqual(previous)) { r[i] = previousString; continue; }
            previousString = r[i] = System.Text.Encoding.UTF8.GetString(bytes);
            previous = bytes;
        }
        return new Vec { Kind = ValueKind.String, Length = n, Strings = r, Nulls = nulls };
    }

    private static Vec Strings(int n, bool[]? nulls, Func<int, string?> get)
    {
        var r = new string?[n];
        for (int i = 0; i < n; i++) r[i] = nulls is not null && nulls[i] ? null : get(i);
        return new Vec { Kind = ValueKind.String, Length = n, Strings = r, Nulls = nulls };
    }

    private static Vec Times<T>(int n, bool[]? nulls, ReadOnlySpan<T> values, Func<T, long> convert)
    {
        var r = new long[n];
        for (int i = 0; i < n; i++) r[i] = convert(values[i]);
        return new Vec { Kind = ValueKind.Time, Length = n, Times = r, Nulls = nulls };
    }

    private static Vec Gather(Vec dictionary, IArrowArray indices, bool[]? nulls)
    {
        int n = indices.Length;
        var idx = new int[n];
        for (int i = 0; i < n; i++)
            if (nulls is null || !nulls[i]) idx[i] = indices switch
            {
                Int8Array a => a.GetValue(i)!.Value, Int16Array a => a.GetValue(i)!.Value, Int32Array a => a.GetValue(i)!.Value,
                Int64Array a => checked((int)a.GetValue(i)!.Value), UInt8Array a => a.GetValue(i)!.Value,
                UInt16Array a => a.GetValue(i)!.Value, UInt32Array a => checked((int)a.GetValue(i)!.Value),
                _ => throw new NotSupportedException($"dictionary index type {indices.Data.DataType.Name}"),
            };
        var dn = dictionary.Nulls;
        var outNulls = nulls;
        if (dn is not null)
        {
            outNulls = new bool[n];
            for (int i = 0; i < n; i++) outNulls[i] = (nulls is not null && nulls[i]) || dn[idx[i]];
        }
        return dictionary.Kind switch
        {
            ValueKind.Number => new Vec { Kind = ValueKind.Number, Length = n, Nulls = outNulls, Numbers = Pick(dictionary.Numbers!, idx) },
            ValueKind.String => new Vec { Kind = ValueKind.String, Length = n, Nulls = outNulls, Strings = Pick(dictionary.Strings!, idx, outNulls) },
            ValueKind.Bool => new Vec { Kind = ValueKind.Bool, Length = n, Nulls = outNulls, Bools = Pick(dictionary.Bools!, idx) },
            _ => new Vec { Kind = ValueKind.Time, Length = n, Nulls = outNulls, Times = Pick(dictionary.Times!, idx) },
        };
    }

    private static T[] Pick<T>(T[] values, int[] idx, bool[]? nulls = null)
    {
        var r = new T[idx.Length];
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = values[idx[i]];
        return r;
    }
}
