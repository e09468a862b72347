using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Decodes Arrow arrays into <see cref="Vector"/>s, one tight loop over the value span per array type.</summary>
internal static class ColumnReader
{
    private const long MicrosPerDay = 86_400_000_000L;

    /// <summary>The type a column of <paramref name="type"/> is read as, or null when expressions cannot use it.</summary>
    public static SqlType? TypeOf(IArrowType type) => type switch
    {
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type => SqlType.Int64,
        HalfFloatType or FloatType or DoubleType => SqlType.Double,
        Decimal128Type d => SqlType.Decimal(d.Precision, d.Scale),
        StringType or LargeStringType or StringViewType => SqlType.String,
        BooleanType => SqlType.Boolean,
        Date32Type or Date64Type => SqlType.Date,
        TimestampType t => SqlType.Timestamp with { TimeZone = string.IsNullOrEmpty(t.Timezone) ? null : t.Timezone },
        DictionaryType d => TypeOf(d.ValueType),
        _ => null,
    };

    public static Vector Read(IArrowArray array)
    {
        var type = TypeOf(array.Data.DataType) ?? throw new NotSupportedException($"expressions cannot read {array.Data.DataType.Name} columns");
        var nulls = NullMask(array);
        return array switch
        {
            Int64Array a => new Vector(type, a.Values.ToArray(), nulls),
            Int32Array a => Longs(type, a.Values, nulls, static v => v),
            Int16Array a => Longs(type, a.Values, nulls, static v => v),
            Int8Array a => Longs(type, a.Values, nulls, static v => v),
            UInt32Array a => Longs(type, a.Values, nulls, static v => v),
            UInt16Array a => Longs(type, a.Values, nulls, static v => v),
            UInt8Array a => Longs(type, a.Values, nulls, static v => v),
            // Past Int64's range a UInt64 cannot widen; say so rather than wrap to a negative number.
            UInt64Array a => Longs(type, a.Values, nulls, static v => v <= long.MaxValue ? (long)v
                : throw new InvalidOperationException($"unsigned value {v} is beyond BIGINT's range")),
            DoubleArray a => new Vector(type, a.Values.ToArray(), nulls),
            FloatArray a => Doubles(type, a.Values, nulls, static v => v),
            HalfFloatArray a => Doubles(type, a.Values, nulls, static v => (double)v),
            Decimal128Array a => Decimals(a, type, nulls),
            StringArray a => Strings(type, a.Length, nulls, a.ValueOffsets, a.Values),
            LargeStringArray a => Strings(type, a.Length, nulls, i => a.GetString(i)),
            StringViewArray a => Strings(type, a.Length, nulls, i => a.GetString(i)),
            BooleanArray a => Bools(a, type, nulls),
            Date32Array a => Longs(type, a.Values, nulls, static v => v),
            Date64Array a => Longs(type, a.Values, nulls, static v => Math.DivRem(v, 86_400_000L) is var (q, r) && r < 0 ? q - 1 : q),
            TimestampArray a => Timestamps(a, type, nulls),
            DictionaryArray d => Gather(Read(d.Dictionary), d.Indices, nulls),
            _ => throw new NotSupportedException($"expressions cannot read {array.Data.DataType.Name} columns"),
        };
    }

    private static bool[]? NullMask(IArrowArray array)
    {
        if (array.NullCount == 0) return null;
        var m = new bool[array.Length];
        for (int i = 0; i < m.Length; i++) m[i] = array.IsNull(i);
        return m;
    }

    private static Vector Longs<T>(SqlType type, ReadOnlySpan<T> values, bool[]? nulls, Func<T, long> convert)
    {
        var r = new long[values.Length];
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = convert(values[i]);
        return new Vector(type, r, nulls);
    }

    private static Vector Doubles<T>(SqlType type, ReadOnlySpan<T> values, bool[]? nulls, Func<T, double> convert)
    {
        var r = new double[values.Length];
        for (int i = 0; i < r.Length; i++) r[i] = convert(values[i]);
        return new Vector(type, r, nulls);
    }

    private static Vector Bools(BooleanArray a, SqlType type, bool[]? nulls)
    {
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a.GetValue(i) ?? false;
        return new Vector(type, r, nulls);
    }

    private static Vector Timestamps(TimestampArray a, SqlType type, bool[]? nulls)
    {
        var unit = ((TimestampType)a.Data.DataType).Unit;
        return unit switch
        {
            TimeUnit.Second => Longs(type, a.Values, nulls, static v => checked(v * 1_000_000L)),
            TimeUnit.Millisecond => Longs(type, a.Values, nulls, static v => checked(v * 1000L)),
            TimeUnit.Microsecond => new Vector(type, a.Values.ToArray(), nulls),
            _ => Longs(type, a.Values, nulls, static v => Math.DivRem(v, 1000L) is var (q, r) && r < 0 ? q - 1 : q),
        };
    }

    /// <summary>Decimals from their 128-bit unscaled integers; a value beyond <see cref="decimal"/>'s 96 bits is an error.</summary>
    private static Vector Decimals(Decimal128Array a, SqlType type, bool[]? nulls)
    {
        int n = a.Length;
        byte scale = (byte)((Decimal128Type)a.Data.DataType).Scale;
        var raw = a.ValueBuffer.Span.Slice(a.Offset * 16, n * 16);
        var r = new decimal[n];
        for (int i = 0; i < n; i++)
            if (nulls is null || !nulls[i]) r[i] = DecimalBits.FromUnscaled(BinaryPrimitives.ReadInt128LittleEndian(raw.Slice(i * 16, 16)), scale);
        return new Vector(type, r, nulls);
    }

    /// <summary>Decodes straight from the offsets and data buffers; runs of equal values reuse the previous string.</summary>
    private static Vector Strings(SqlType type, int n, bool[]? nulls, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data)
    {
        var r = new string?[n];
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
        return new Vector(type, r, nulls);
    }

    private static Vector Strings(SqlType type, int n, bool[]? nulls, Func<int, string?> get)
    {
        var r = new string?[n];
        for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) r[i] = get(i);
        return new Vector(type, r, nulls);
    }

    /// <summary>A dictionary column decoded: the dictionary once, then one index lookup per row.</summary>
    private static Vector Gather(Vector dictionary, IArrowArray indices, bool[]? nulls)
    {
        int n = indices.Length;
        var idx = new long[n];
        switch (indices)
        {
            case Int8Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case Int16Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case Int32Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case Int64Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case UInt8Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case UInt16Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            case UInt32Array a: for (int i = 0; i < n; i++) idx[i] = a.Values[i]; break;
            default: throw new NotSupportedException($"dictionary index type {indices.Data.DataType.Name}");
        }
        bool[]? outNulls = nulls;
        if (dictionary.Nulls is { } dn)
        {
            outNulls = NullMasks.Copy(nulls, n);
            for (int i = 0; i < n; i++) outNulls[i] |= dn[idx[i]];
        }
        System.Array values = dictionary.Values switch
        {
            long[] d => Pick(d, idx, outNulls),
            double[] d => Pick(d, idx, outNulls),
            decimal[] d => Pick(d, idx, outNulls),
            bool[] d => Pick(d, idx, outNulls),
            string?[] d => Pick(d, idx, outNulls),
            _ => throw new NotSupportedException("dictionary value type"),
        };
        return new Vector(dictionary.Type, values, outNulls);
    }

    private static T[] Pick<T>(T[] dictionary, long[] idx, bool[]? nulls)
    {
        var r = new T[idx.Length];
        for (int i = 0; i < r.Length; i++) if (nulls is null || !nulls[i]) r[i] = dictionary[idx[i]];
        return r;
    }
}
