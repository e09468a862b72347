using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Validate.Evaluation.Values;

/// <summary>
/// Reads Arrow arrays as the values rules compute with, straight from their buffers, one typed loop per array type
/// (no per-row type test, no copy of the column): the conversions are the rules' semantics, so every reader of a
/// column value (value rules, reasons, table aggregates, reference keys) goes through here.
/// </summary>
internal static class ArrowValues
{
    /// <summary>Calls <paramref name="visitor"/> once for every row in [<paramref name="start"/>,
    /// <paramref name="start"/> + <paramref name="count"/>) of <paramref name="array"/>, in order.</summary>
    /// <exception cref="NotSupportedException">Rules cannot read the array's type (lists, structs, binary).</exception>
    public static void Visit<TVisitor>(IArrowArray array, ref TVisitor visitor, int start, int count)
        where TVisitor : struct, IValueVisitor, allows ref struct
    {
        int end = start + count;
        switch (array)
        {
            case DoubleArray a: Numbers(a, a.Values, ref visitor, start, end); break;
            case FloatArray a: Numbers(a, a.Values, ref visitor, start, end); break;
            case Int64Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case Int32Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case Int16Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case Int8Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case UInt64Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case UInt32Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case UInt16Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case UInt8Array a: Numbers(a, a.Values, ref visitor, start, end); break;
            case HalfFloatArray a: Numbers(a, a.Values, ref visitor, start, end); break;
            case Decimal128Array a: Decimals128(a, ref visitor, start, end); break;
            case Decimal256Array a:
                for (int i = start; i < end; i++)
                    if (a.IsNull(i)) visitor.Null(i);
                    else visitor.Number(i, double.Parse(a.GetString(i)!, CultureInfo.InvariantCulture));
                break;
            case StringArray a: Utf8(a, ref visitor, start, end); break;
            case LargeStringArray a: Texts(a, i => a.GetString(i), ref visitor, start, end); break;
            case StringViewArray a: Texts(a, i => a.GetString(i), ref visitor, start, end); break;
            case BooleanArray a:
                for (int i = start; i < end; i++)
                    if (a.IsNull(i)) visitor.Null(i);
                    else visitor.Bool(i, a.GetValue(i) ?? false);
                break;
            case Date32Array a: Times(a, a.Values, 86_400_000_000L, 1, ref visitor, start, end); break;
            case Date64Array a: Times(a, a.Values, 1000L, 1, ref visitor, start, end); break;
            case TimestampArray a:
                switch (((TimestampType)a.Data.DataType).Unit)
                {
                    case TimeUnit.Second: Times(a, a.Values, 1_000_000L, 1, ref visitor, start, end); break;
                    case TimeUnit.Millisecond: Times(a, a.Values, 1000L, 1, ref visitor, start, end); break;
                    case TimeUnit.Microsecond: Times(a, a.Values, 1, 1, ref visitor, start, end); break;
                    default: Times(a, a.Values, 1, 1000L, ref visitor, start, end); break;
                }
                break;
            case DictionaryArray d: Dictionary(d, ref visitor, start, end); break;
            default: throw new NotSupportedException($"rules cannot read {array.Data.DataType.Name} columns");
        }
    }

    /// <summary>Calls <paramref name="visitor"/> once for every row of <paramref name="array"/>.</summary>
    public static void Visit<TVisitor>(IArrowArray array, ref TVisitor visitor)
        where TVisitor : struct, IValueVisitor, allows ref struct => Visit(array, ref visitor, 0, array.Length);

    /// <summary>Row <paramref name="row"/> as reasons and examples show it (<see cref="ValueText"/>), or null when it is null.</summary>
    public static string? Display(IArrowArray array, int row)
    {
        var text = new DisplayVisitor();
        Visit(array, ref text, row, 1);
        return text.Shown;
    }

    private static void Numbers<T, TVisitor>(IArrowArray array, ReadOnlySpan<T> values, ref TVisitor visitor, int start, int end)
        where T : INumberBase<T> where TVisitor : struct, IValueVisitor, allows ref struct
    {
        var nulls = new NullBits(array);
        if (!nulls.Any)
        {
            for (int i = start; i < end; i++) visitor.Number(i, double.CreateTruncating(values[i]));
            return;
        }
        for (int i = start; i < end; i++)
            if (nulls.IsNull(i)) visitor.Null(i);
            else visitor.Number(i, double.CreateTruncating(values[i]));
    }

    /// <summary>Decimals from their 128-bit unscaled integers: exact up to the double's rounding at every precision
    /// (going through <c>SqlDecimal</c> overflows for some precision-38 values).</summary>
    private static void Decimals128<TVisitor>(Decimal128Array a, ref TVisitor visitor, int start, int end)
        where TVisitor : struct, IValueVisitor, allows ref struct
    {
        double divisor = Math.Pow(10, ((Decimal128Type)a.Data.DataType).Scale);
        var raw = a.ValueBuffer.Span[(a.Offset * 16)..];
        var nulls = new NullBits(a);
        for (int i = start; i < end; i++)
            if (nulls.IsNull(i)) visitor.Null(i);
            else visitor.Number(i, (double)BinaryPrimitives.ReadInt128LittleEndian(raw.Slice(i * 16, 16)) / divisor);
    }

    private static void Times<T, TVisitor>(IArrowArray array, ReadOnlySpan<T> values, long multiply, long divide, ref TVisitor visitor, int start, int end)
        where T : IBinaryInteger<T> where TVisitor : struct, IValueVisitor, allows ref struct
    {
        var nulls = new NullBits(array);
        for (int i = start; i < end; i++)
            if (nulls.IsNull(i)) visitor.Null(i);
            else visitor.Time(i, long.CreateTruncating(values[i]) * multiply / divide);
    }

    /// <summary>Straight from the offsets and data buffers; runs of equal values (low-cardinality columns such as a
    /// status) reuse the previous string instead of allocating a new one.</summary>
    private static void Utf8<TVisitor>(StringArray a, ref TVisitor visitor, int start, int end)
        where TVisitor : struct, IValueVisitor, allows ref struct
    {
        bool read = visitor.ReadsText;
        var offsets = a.ValueOffsets;
        var data = a.Values;
        var nulls = new NullBits(a);
        ReadOnlySpan<byte> previous = default;
        string? previousString = null;
        for (int i = start; i < end; i++)
        {
            if (nulls.IsNull(i)) { visitor.Null(i); continue; }
            if (!read) continue;
            var bytes = data.Slice(offsets[i], offsets[i + 1] - offsets[i]);
            if (previousString is null || !bytes.SequenceEqual(previous))
            {
                previousString = Encoding.UTF8.GetString(bytes);
                previous = bytes;
            }
            visitor.Text(i, previousString);
        }
    }

    private static void Texts<TVisitor>(IArrowArray array, Func<int, string?> get, ref TVisitor visitor, int start, int end)
        where TVisitor : struct, IValueVisitor, allows ref struct
    {
        bool read = visitor.ReadsText;
        var nulls = new NullBits(array);
        for (int i = start; i < end; i++)
            if (nulls.IsNull(i)) visitor.Null(i);
            else if (read) visitor.Text(i, get(i)!);
    }

    /// <summary>Each row through its index into the dictionary's values, read once per call.</summary>
    private static void Dictionary<TVisitor>(DictionaryArray d, ref TVisitor visitor, int start, int end)
        where TVisitor : struct, IValueVisitor, allows ref struct
    {
        var entries = new Entries(d.Dictionary.Length, visitor.ReadsText);
        Visit(d.Dictionary, ref entries);
        var indices = d.Indices;
        var nulls = new NullBits(d);
        for (int i = start; i < end; i++)
        {
            if (nulls.IsNull(i)) { visitor.Null(i); continue; }
            int at = indices switch
            {
                Int8Array x => x.GetValue(i)!.Value, Int16Array x => x.GetValue(i)!.Value, Int32Array x => x.GetValue(i)!.Value,
                Int64Array x => checked((int)x.GetValue(i)!.Value), UInt8Array x => x.GetValue(i)!.Value,
                UInt16Array x => x.GetValue(i)!.Value, UInt32Array x => checked((int)x.GetValue(i)!.Value),
                _ => throw new NotSupportedException($"dictionary index type {indices.Data.DataType.Name}"),
            };
            entries.Replay(at, i, ref visitor);
        }
    }

    /// <summary>A dictionary's values, kept by kind so each row replays its entry.</summary>
    private struct Entries(int length, bool readsText) : IValueVisitor
    {
        private readonly bool[] _null = new bool[length];
        private double[]? _numbers;
        private string[]? _texts;
        private long[]? _times;
        private bool[]? _bools;

        public readonly bool ReadsText => readsText;
        public readonly void Null(int row) => _null[row] = true;
        public void Number(int row, double value) => (_numbers ??= new double[length])[row] = value;
        public void Text(int row, string value) => (_texts ??= new string[length])[row] = value;
        public void Time(int row, long micros) => (_times ??= new long[length])[row] = micros;
        public void Bool(int row, bool value) => (_bools ??= new bool[length])[row] = value;

        public readonly void Replay<TVisitor>(int entry, int row, ref TVisitor visitor) where TVisitor : struct, IValueVisitor, allows ref struct
        {
            if (_null[entry]) visitor.Null(row);
            else if (_numbers is not null) visitor.Number(row, _numbers[entry]);
            else if (_times is not null) visitor.Time(row, _times[entry]);
            else if (_bools is not null) visitor.Bool(row, _bools[entry]);
            else if (_texts is not null) visitor.Text(row, _texts[entry]);
        }
    }

    /// <summary>One value as <see cref="ValueText"/> shows it.</summary>
    private struct DisplayVisitor : IValueVisitor
    {
        public string? Shown;
        public readonly bool ReadsText => true;
        public void Null(int row) => Shown = null;
        public void Number(int row, double value) => Shown = ValueText.Number(value);
        public void Text(int row, string value) => Shown = ValueText.Text(value);
        public void Time(int row, long micros) => Shown = ValueText.Time(micros);
        public void Bool(int row, bool value) => Shown = ValueText.Bool(value);
    }
}
