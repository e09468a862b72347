using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// One batch's values of a measure column, read once per batch into flat arrays (codes, decimals or byte ranges
/// plus validity) so that measures update their groups in tight loops without per-value type dispatch. The arrays
/// are reused from batch to batch. Dictionary columns are decoded first. Codes and doubles are computed on first
/// use, so a column read only as doubles (sum, avg of a float column) is never coded.
/// </summary>
internal sealed class ColumnValues(ValueKind kind, int scale)
{
    private static readonly double CanonicalNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000L);
    private bool[] _valid = [];
    private long[] _codes = [];
    private Int128[] _decimals = [];
    private double[] _numbers = [];
    private bool _numbersLoaded;
    private bool _codesLoaded;
    private ArrayData? _data;
    private ArrayData? _binary;
    private bool _largeBinary;

    public ValueKind Kind { get; } = kind;

    /// <summary>Decimal scale (0 for other kinds).</summary>
    public int Scale { get; } = scale;

    public int Length { get; private set; }

    /// <summary>Whether no value of the batch is null.</summary>
    public bool AllValid { get; private set; }

    public ReadOnlySpan<bool> Valid => _valid.AsSpan(0, Length);

    /// <summary>Order-preserving codes (every kind but <see cref="ValueKind.Decimal"/> and <see cref="ValueKind.Binary"/>).</summary>
    public ReadOnlySpan<long> Codes
    {
        get
        {
            if (!_codesLoaded)
            {
                if (_codes.Length < Length) _codes = new long[Math.Max(Length, _codes.Length * 2)];
                LoadCodes(_data!, _codes.AsSpan(0, Length));
                _codesLoaded = true;
            }
            return _codes.AsSpan(0, Length);
        }
    }

    /// <summary>Unscaled decimals (<see cref="ValueKind.Decimal"/>).</summary>
    public ReadOnlySpan<Int128> Decimals => _decimals.AsSpan(0, Length);

    /// <summary>The kind of a column type, or null when measures cannot read it (nested types, intervals).</summary>
    public static ValueKind? KindOf(IArrowType type) => type switch
    {
        DictionaryType dictionary => KindOf(dictionary.ValueType),
        Int8Type or Int16Type or Int32Type or Int64Type or Date32Type or Date64Type or Time32Type or Time64Type
            or TimestampType or DurationType => ValueKind.Signed,
        UInt8Type or UInt16Type or UInt32Type or UInt64Type => ValueKind.Unsigned,
        BooleanType => ValueKind.Boolean,
        HalfFloatType or FloatType or DoubleType => ValueKind.Float,
        Decimal128Type => ValueKind.Decimal,
        StringType or BinaryType or LargeStringType or LargeBinaryType => ValueKind.Binary,
        _ => null,
    };

    public void Load(IArrowArray array)
    {
        if (array is DictionaryArray)
        {
            var rows = new RowRef[array.Length];
            for (int i = 0; i < rows.Length; i++) rows[i] = new RowRef(0, i);
            array = RowGather.Gather(array.Data.DataType, [array], rows);
        }
        int n = array.Length;
        Length = n;
        _numbersLoaded = false;
        _codesLoaded = false;
        if (_valid.Length < n) _valid = new bool[Math.Max(n, _valid.Length * 2)];
        var data = array.Data;
        _data = data;
        AllValid = data.NullCount == 0;
        if (AllValid) _valid.AsSpan(0, n).Fill(true);
        else ExpandValidity(data.Buffers[0].Span, data.Offset, _valid.AsSpan(0, n));
        switch (Kind)
        {
            case ValueKind.Binary:
                _binary = data;
                _largeBinary = data.DataType is LargeStringType or LargeBinaryType;
                return;
            case ValueKind.Decimal:
                if (_decimals.Length < n) _decimals = new Int128[Math.Max(n, _decimals.Length * 2)];
                MemoryMarshal.Cast<byte, Int128>(data.Buffers[1].Span).Slice(data.Offset, n).CopyTo(_decimals);
                return;
        }
    }

    /// <summary>One bool per bit; whole bytes at a time where the bitmap is byte-aligned.</summary>
    private static void ExpandValidity(ReadOnlySpan<byte> bitmap, int offset, Span<bool> valid)
    {
        int i = 0;
        if ((offset & 7) == 0)
        {
            var bytes = bitmap[(offset >> 3)..];
            for (; i + 8 <= valid.Length; i += 8)
            {
                int b = bytes[i >> 3];
                valid[i] = (b & 1) != 0;
                valid[i + 1] = (b & 2) != 0;
                valid[i + 2] = (b & 4) != 0;
                valid[i + 3] = (b & 8) != 0;
                valid[i + 4] = (b & 16) != 0;
                valid[i + 5] = (b & 32) != 0;
                valid[i + 6] = (b & 64) != 0;
                valid[i + 7] = (b & 128) != 0;
            }
        }
        for (; i < valid.Length; i++)
        {
            int bit = offset + i;
            valid[i] = (bitmap[bit >> 3] & (1 << (bit & 7))) != 0;
        }
    }

    private static void LoadCodes(ArrayData data, Span<long> codes)
    {
        var bytes = data.Buffers[1].Span;
        int offset = data.Offset;
        switch (data.DataType)
        {
            case Int8Type: { var v = MemoryMarshal.Cast<byte, sbyte>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = v[i]; break; }
            case Int16Type: { var v = MemoryMarshal.Cast<byte, short>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = v[i]; break; }
            case UInt8Type: { var v = bytes.Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromUnsigned(v[i]); break; }
            case UInt16Type: { var v = MemoryMarshal.Cast<byte, ushort>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromUnsigned(v[i]); break; }
            case UInt32Type: { var v = MemoryMarshal.Cast<byte, uint>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromUnsigned(v[i]); break; }
            case UInt64Type: { var v = MemoryMarshal.Cast<byte, ulong>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromUnsigned(v[i]); break; }
            case HalfFloatType: { var v = MemoryMarshal.Cast<byte, Half>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromDouble((double)v[i]); break; }
            case FloatType: { var v = MemoryMarshal.Cast<byte, float>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromDouble(v[i]); break; }
            case DoubleType: { var v = MemoryMarshal.Cast<byte, double>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = OrderedCode.FromDouble(v[i]); break; }
            case BooleanType:
                for (int i = 0; i < codes.Length; i++)
                {
                    int bit = offset + i;
                    codes[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
                }
                break;
            case FixedWidthType { BitWidth: 32 }: { var v = MemoryMarshal.Cast<byte, int>(bytes).Slice(offset, codes.Length); for (int i = 0; i < v.Length; i++) codes[i] = v[i]; break; }
            default: MemoryMarshal.Cast<byte, long>(bytes).Slice(offset, codes.Length).CopyTo(codes); break;
        }
    }

    /// <summary>The values as doubles (numeric kinds; decimals divided by 10^scale), computed once per batch.</summary>
    public ReadOnlySpan<double> Numbers()
    {
        int n = Length;
        if (_numbersLoaded) return _numbers.AsSpan(0, n);
        if (_numbers.Length < n) _numbers = new double[Math.Max(n, _numbers.Length * 2)];
        if (Kind == ValueKind.Decimal)
        {
            double divisor = Math.Pow(10, Scale);
            for (int i = 0; i < n; i++) _numbers[i] = (double)_decimals[i] / divisor;
        }
        else if (_data!.DataType is DoubleType)
        {
            // As decoding the code would give: every NaN the canonical one, -0 as 0 (adding +0 turns -0 into +0).
            var doubles = MemoryMarshal.Cast<byte, double>(_data.Buffers[1].Span).Slice(_data.Offset, n);
            for (int i = 0; i < n; i++)
            {
                double v = doubles[i];
                _numbers[i] = double.IsNaN(v) ? CanonicalNaN : v + 0d;
            }
        }
        else
        {
            var codes = Codes;
            for (int i = 0; i < n; i++) _numbers[i] = OrderedCode.ToNumber(codes[i], Kind);
        }
        _numbersLoaded = true;
        return _numbers.AsSpan(0, n);
    }

    /// <summary>The bytes of value <paramref name="row"/> (<see cref="ValueKind.Binary"/>).</summary>
    public ReadOnlySpan<byte> Bytes(int row)
    {
        var data = _binary!;
        int at = data.Offset + row;
        long start, end;
        if (_largeBinary)
        {
            var offsets = MemoryMarshal.Cast<byte, long>(data.Buffers[1].Span);
            (start, end) = (offsets[at], offsets[at + 1]);
        }
        else
        {
            var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
            (start, end) = (offsets[at], offsets[at + 1]);
        }
        return data.Buffers[2].Span[(int)start..(int)end];
    }
}
