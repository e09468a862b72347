using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.IO.Inference;
using Pipeline.Kernels.Casts;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Builds one Arrow column of a batch from field values (UTF-8 bytes), parsing them to the column's type.
/// A value that does not parse is refused (the caller decides: widen or quarantine) and nothing is appended.
/// </summary>
internal abstract class CsvColumnBuilder
{
    protected ValidityBits Validity;

    /// <summary>Rows appended.</summary>
    public int Length { get; protected set; }

    /// <summary>The column's Arrow type.</summary>
    public abstract IArrowType Type { get; }

    /// <summary>Appends a non-null value; false (and nothing appended) when it does not parse as the column's type.</summary>
    public abstract bool TryAppend(ReadOnlySpan<byte> value);

    /// <summary>Appends a null.</summary>
    public void AppendNull()
    {
        AppendDefault();
        Validity.AppendNull();
        Length++;
    }

    /// <summary>Removes rows past <paramref name="length"/> (a row rolled back because another column refused a value).</summary>
    public void Truncate(int length)
    {
        if (length >= Length) return;
        TruncateValues(length);
        Validity.Truncate(length);
        Length = length;
    }

    /// <summary>Builds the array and releases the builder's pooled memory; the builder must not be used afterwards.</summary>
    public abstract IArrowArray Build();

    protected abstract void AppendDefault();
    protected abstract void TruncateValues(int length);

    protected void Appended()
    {
        Validity.AppendValid();
        Length++;
    }

    /// <summary>A builder for a column of the given inferred type (dates parse with the detected layout).
    /// <paramref name="inputIsValidUtf8"/> lets string columns skip validating each value.</summary>
    public static CsvColumnBuilder Create(ColumnTypeInference column, int capacity, bool inputIsValidUtf8) => column.Kind switch
    {
        InferredKind.Bool => new BoolBuilder(capacity),
        InferredKind.Int64 => new Int64Builder(capacity),
        InferredKind.Double => new DoubleBuilder(capacity),
        InferredKind.Date => new DateBuilder(capacity, column.DateLayouts),
        InferredKind.Timestamp => new TimestampBuilder(capacity, column.DateLayouts, (TimestampType)column.ArrowType),
        InferredKind.Decimal => new DecimalBuilder(capacity, (Decimal128Type)column.ArrowType),
        _ => new StringBuilder(capacity, validate: !inputIsValidUtf8),
    };
}

/// <summary>Fixed-width values (int64, double, date32, timestamp) in one pooled array.</summary>
internal abstract class FixedWidthBuilder<T>(int capacity) : CsvColumnBuilder where T : unmanaged
{
    protected PooledValues<T> Values = new(capacity);

    protected override void AppendDefault() => Values.Add(default);
    protected override void TruncateValues(int length) => Values.Count = length;

    protected ArrayData BuildData()
    {
        var data = new ArrayData(Type, Length, Validity.NullCount, 0,
            [Validity.ToArrowBuffer(), Values.ToArrowBuffer()]);
        Values.Release();
        return data;
    }

    public override IArrowArray Build() => ArrowArrayFactory.BuildArray(BuildData());
}

internal sealed class Int64Builder(int capacity) : FixedWidthBuilder<long>(capacity)
{
    public override IArrowType Type => Int64Type.Default;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!Utf8Int64Parser.TryParse(value, out long v)) return false;
        Values.Add(v);
        Appended();
        return true;
    }
}

internal sealed class DoubleBuilder(int capacity) : FixedWidthBuilder<double>(capacity)
{
    public override IArrowType Type => DoubleType.Default;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!Utf8DoubleParser.TryParse(value, out double v)) return false;
        Values.Add(v);
        Appended();
        return true;
    }
}

internal sealed class DateBuilder(int capacity, DateFormats layouts) : FixedWidthBuilder<int>(capacity)
{
    // An inferred column parses with its one detected layout (so 01/02 cannot mean two things in one column);
    // a user-declared date column accepts any layout.
    private readonly DateFormats _layout = layouts == DateFormats.All ? DateFormats.All : DateFormatInfo.Preferred(layouts);

    public override IArrowType Type => Date32Type.Default;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!Utf8DateParser.TryParse(value, _layout, out int days, out _)) return false;
        Values.Add(days);
        Appended();
        return true;
    }
}

internal sealed class TimestampBuilder(int capacity, DateFormats layouts, TimestampType type) : FixedWidthBuilder<long>(capacity)
{
    private const long MicrosPerDay = 86_400_000_000L;
    private readonly DateFormats _layout = layouts == DateFormats.All ? DateFormats.All : DateFormatInfo.Preferred(layouts);

    public override IArrowType Type => type;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        long micros;
        if (!Utf8TimestampParser.TryParse(value, _layout, out micros, out _))
        {
            // A bare date in a timestamp column is midnight of that day.
            if (!Utf8DateParser.TryParse(value, _layout, out int days, out _)) return false;
            micros = days * MicrosPerDay;
        }
        Values.Add(micros);
        Appended();
        return true;
    }
}

/// <summary>decimal128: the unscaled value as a little-endian 128-bit integer, which is how <see cref="Int128"/> lies in memory here.</summary>
internal sealed class DecimalBuilder(int capacity, Decimal128Type type) : FixedWidthBuilder<Int128>(capacity)
{
    public override IArrowType Type => type;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!Utf8DecimalParser.TryParse(value, type.Scale, out var unscaled)) return false;
        Values.Add(unscaled);
        Appended();
        return true;
    }
}

internal sealed class BoolBuilder(int capacity) : CsvColumnBuilder
{
    private PooledValues<byte> _bits = new((capacity + 7) / 8);

    public override IArrowType Type => BooleanType.Default;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!Utf8BoolParser.TryParse(value, out bool v)) return false;
        Set(Length, v);
        Appended();
        return true;
    }

    protected override void AppendDefault() => Set(Length, false);

    protected override void TruncateValues(int length) => _bits.Count = (length + 7) / 8;

    private void Set(int index, bool value)
    {
        int needed = (index >> 3) + 1;
        if (_bits.Count < needed) { _bits.Reserve(needed - _bits.Count).Clear(); _bits.Count = needed; }
        ref byte b = ref _bits.Written[index >> 3];
        if (value) b |= (byte)(1 << (index & 7)); else b &= (byte)~(1 << (index & 7));
    }

    public override IArrowArray Build()
    {
        var data = new ArrayData(Type, Length, Validity.NullCount, 0,
            [Validity.ToArrowBuffer(), _bits.ToArrowBuffer()]);
        _bits.Release();
        return ArrowArrayFactory.BuildArray(data);
    }
}

/// <summary>Strings: the field bytes are copied straight into the value buffer (no per-value string); bytes that
/// are not valid UTF-8 become U+FFFD so the array is always valid Arrow. When the whole chunk is known to be valid
/// UTF-8 the per-value check is skipped: fields are cut at ASCII bytes (delimiter, quote, line break), which never
/// occur inside a multi-byte sequence, so every field of valid text is valid text.</summary>
internal sealed class StringBuilder : CsvColumnBuilder
{
    private readonly bool _validate;
    private PooledValues<int> _offsets;
    private PooledValues<byte> _bytes;

    public StringBuilder(int capacity, bool validate = true)
    {
        _validate = validate;
        _offsets = new PooledValues<int>(capacity + 1);
        _offsets.Add(0);
        _bytes = new PooledValues<byte>(capacity * 8);
    }

    public override IArrowType Type => StringType.Default;

    public override bool TryAppend(ReadOnlySpan<byte> value)
    {
        if (!_validate || System.Text.Unicode.Utf8.IsValid(value)) value.CopyTo(_bytes.Reserve(value.Length));
        else
        {
            var repaired = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(value));
            repaired.CopyTo(_bytes.Reserve(repaired.Length));
            _bytes.Count += repaired.Length - value.Length;
        }
        _bytes.Count += value.Length;
        _offsets.Add(_bytes.Count);
        Appended();
        return true;
    }

    protected override void AppendDefault() => _offsets.Add(_bytes.Count);

    protected override void TruncateValues(int length)
    {
        _offsets.Count = length + 1;
        _bytes.Count = _offsets.Written[length];
    }

    public override IArrowArray Build()
    {
        var data = new ArrayData(Type, Length, Validity.NullCount, 0,
            [Validity.ToArrowBuffer(), _offsets.ToArrowBuffer(), _bytes.ToArrowBuffer()]);
        _offsets.Release();
        _bytes.Release();
        return ArrowArrayFactory.BuildArray(data);
    }
}
