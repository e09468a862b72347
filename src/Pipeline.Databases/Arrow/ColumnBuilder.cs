using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Databases.Arrow;

/// <summary>
/// Accumulates one column of a batch. Database readers append values row by row through the typed subclasses and
/// <see cref="Build"/> hands the finished array over and starts the next batch. <see cref="Bytes"/> lets the reader cut
/// batches by size as well as by rows (a table of large strings must not make one huge batch).
/// </summary>
internal abstract class ColumnBuilder
{
    /// <summary>Rows appended since the last <see cref="Build"/>.</summary>
    public int Length { get; protected set; }

    /// <summary>Approximate bytes held.</summary>
    public abstract long Bytes { get; }

    /// <summary>Appends a null.</summary>
    public abstract void AppendNull();

    /// <summary>Returns the column so far and resets the builder.</summary>
    public abstract IArrowArray Build();

    /// <summary>A builder for a planned column.</summary>
    public static ColumnBuilder For(ColumnPlan plan) => plan.Kind switch
    {
        ColumnKind.Boolean => new BooleanColumn(),
        ColumnKind.Int16 => new FixedWidthColumn<short>(Int16Type.Default),
        ColumnKind.Int32 => new FixedWidthColumn<int>(Int32Type.Default),
        ColumnKind.Int64 => new FixedWidthColumn<long>(Int64Type.Default),
        ColumnKind.Float32 => new FixedWidthColumn<float>(FloatType.Default),
        ColumnKind.Float64 => new FixedWidthColumn<double>(DoubleType.Default),
        ColumnKind.Decimal => new DecimalColumn((Decimal128Type)plan.ArrowType),
        ColumnKind.Utf8 => new BinaryColumn(StringType.Default),
        ColumnKind.Binary => new BinaryColumn(BinaryType.Default),
        ColumnKind.Date => new FixedWidthColumn<int>(Date32Type.Default),
        _ => new FixedWidthColumn<long>(plan.ArrowType), // timestamps and times: microseconds
    };
}

/// <summary>Integers, floats, dates (days), timestamps and times (microseconds).</summary>
internal sealed class FixedWidthColumn<T>(IArrowType type) : ColumnBuilder where T : unmanaged
{
    private ArrowBuffer.Builder<T> _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;

    /// <inheritdoc />
    public override long Bytes => (long)Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>Appends a value.</summary>
    public void Append(T value) { _values.Append(value); _validity.Append(true); Length++; }

    /// <inheritdoc />
    public override void AppendNull() { _values.Append(default(T)); _validity.Append(false); _nulls++; Length++; }

    /// <inheritdoc />
    public override IArrowArray Build()
    {
        var validity = _nulls == 0 ? ArrowBuffer.Empty : _validity.Build();
        var data = new ArrayData(type, Length, _nulls, 0, [validity, _values.Build()]);
        _values = new(); _validity = new(); _nulls = 0; Length = 0;
        return ArrowArrayFactory.BuildArray(data);
    }
}

/// <summary>Booleans.</summary>
internal sealed class BooleanColumn : ColumnBuilder
{
    private ArrowBuffer.BitmapBuilder _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;

    /// <inheritdoc />
    public override long Bytes => Length / 4 + 1;

    /// <summary>Appends a value.</summary>
    public void Append(bool value) { _values.Append(value); _validity.Append(true); Length++; }

    /// <inheritdoc />
    public override void AppendNull() { _values.Append(false); _validity.Append(false); _nulls++; Length++; }

    /// <inheritdoc />
    public override IArrowArray Build()
    {
        var validity = _nulls == 0 ? ArrowBuffer.Empty : _validity.Build();
        var array = new BooleanArray(_values.Build(), validity, Length, _nulls, 0);
        _values = new(); _validity = new(); _nulls = 0; Length = 0;
        return array;
    }
}

/// <summary>UTF-8 strings or binary values (offsets plus bytes).</summary>
internal sealed class BinaryColumn(IArrowType type) : ColumnBuilder
{
    private ArrowBuffer.Builder<int> _offsets = new ArrowBuffer.Builder<int>().Append(0);
    private ArrowBuffer.Builder<byte> _bytes = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;
    private long _total;
    private byte[] _scratch = new byte[256];

    /// <inheritdoc />
    public override long Bytes => _total + 4L * Length;

    /// <summary>Appends a string as UTF-8.</summary>
    public void Append(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_scratch.Length < max) _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        int length = Encoding.UTF8.GetBytes(value, _scratch);
        Append(_scratch.AsSpan(0, length));
    }

    /// <summary>Appends raw bytes.</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        _total += value.Length;
        if (_total > int.MaxValue)
            throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.ResourcesExhausted,
                "a string or binary column exceeds 2 GiB in one batch; lower options.batch_size");
        _bytes.Append(value);
        _offsets.Append((int)_total);
        _validity.Append(true);
        Length++;
    }

    /// <inheritdoc />
    public override void AppendNull() { _offsets.Append((int)_total); _validity.Append(false); _nulls++; Length++; }

    /// <inheritdoc />
    public override IArrowArray Build()
    {
        var validity = _nulls == 0 ? ArrowBuffer.Empty : _validity.Build();
        var data = new ArrayData(type, Length, _nulls, 0, [validity, _offsets.Build(), _bytes.Build()]);
        _offsets = new ArrowBuffer.Builder<int>().Append(0); _bytes = new(); _validity = new(); _nulls = 0; _total = 0; Length = 0;
        return ArrowArrayFactory.BuildArray(data);
    }
}

/// <summary>Decimals: Arrow decimal128 values are 128-bit two's-complement integers scaled by 10^scale, which is
/// exactly <see cref="Int128"/>'s little-endian layout.</summary>
internal sealed class DecimalColumn(Decimal128Type type) : ColumnBuilder
{
    private ArrowBuffer.Builder<Int128> _values = new();
    private ArrowBuffer.BitmapBuilder _validity = new();
    private int _nulls;

    /// <summary>The column's scale (digits after the point).</summary>
    public int Scale => type.Scale;

    /// <inheritdoc />
    public override long Bytes => 16L * Length;

    /// <summary>Appends a value already scaled by 10^<see cref="Scale"/>.</summary>
    public void AppendUnscaled(Int128 value) { _values.Append(value); _validity.Append(true); Length++; }

    /// <summary>Appends a value, rescaled to the column's scale (extra digits are cut, as a numeric(p,s) would round them away).</summary>
    public void Append(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        if (value < 0) mantissa = -mantissa;
        int valueScale = (bits[3] >> 16) & 0xFF;
        AppendUnscaled(Rescale(mantissa, valueScale, type.Scale));
    }

    /// <summary>Moves an unscaled integer from one decimal scale to another.</summary>
    public static Int128 Rescale(Int128 unscaled, int fromScale, int toScale)
    {
        for (; fromScale < toScale; fromScale++) unscaled *= 10;
        for (; fromScale > toScale; fromScale--) unscaled /= 10;
        return unscaled;
    }

    /// <inheritdoc />
    public override void AppendNull() { _values.Append(Int128.Zero); _validity.Append(false); _nulls++; Length++; }

    /// <inheritdoc />
    public override IArrowArray Build()
    {
        var validity = _nulls == 0 ? ArrowBuffer.Empty : _validity.Build();
        var data = new ArrayData(type, Length, _nulls, 0, [validity, _values.Build()]);
        _values = new(); _validity = new(); _nulls = 0; Length = 0;
        return ArrowArrayFactory.BuildArray(data);
    }
}
