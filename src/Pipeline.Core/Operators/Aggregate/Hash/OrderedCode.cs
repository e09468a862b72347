namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// The order-preserving 64-bit code of a fixed-width value (<see cref="ValueKind"/>): codes compare as signed longs
/// in the value order, equal values get equal codes and every code decodes back to its value. Floats are read with
/// every NaN made one NaN and -0 made 0 (DuckDB groups, counts and compares them so), and NaN sorts after +∞.
/// </summary>
internal static class OrderedCode
{
    private const long SignFlip = long.MinValue;
    private const long CanonicalNaN = 0x7FF8_0000_0000_0000L;

    public static long FromUnsigned(ulong value) => (long)value ^ SignFlip;

    public static ulong ToUnsigned(long code) => (ulong)(code ^ SignFlip);

    public static long FromDouble(double value)
    {
        // .NET's double.NaN has the sign bit set; the positive quiet NaN sorts after +∞ as DuckDB orders it.
        if (double.IsNaN(value)) return CanonicalNaN;
        if (value == 0) value = 0;
        long bits = BitConverter.DoubleToInt64Bits(value);
        // Negative floats order backwards by their bits: flipping all but the sign bit fixes that.
        return bits >= 0 ? bits : bits ^ long.MaxValue;
    }

    public static double ToDouble(long code) => BitConverter.Int64BitsToDouble(code >= 0 ? code : code ^ long.MaxValue);

    /// <summary>The code as a number (for median interpolation): the value, or the unscaled decimal over 10^scale.</summary>
    public static double ToNumber(long code, ValueKind kind) => kind switch
    {
        ValueKind.Unsigned => ToUnsigned(code),
        ValueKind.Float => ToDouble(code),
        _ => code,
    };
}
