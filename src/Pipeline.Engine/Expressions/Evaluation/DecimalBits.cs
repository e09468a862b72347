namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Conversions between <see cref="decimal"/> and Arrow's 128-bit unscaled integers, exact both ways.</summary>
internal static class DecimalBits
{
    private static readonly Int128 DecimalMax = (Int128)decimal.MaxValue;

    /// <summary>The value <paramref name="unscaled"/> × 10^-<paramref name="scale"/>.</summary>
    /// <exception cref="InvalidOperationException">Beyond the 96 bits <see cref="decimal"/> holds (more than ~28 digits).</exception>
    public static decimal FromUnscaled(Int128 unscaled, byte scale)
    {
        bool negative = unscaled < 0;
        var magnitude = negative ? -unscaled : unscaled;
        // Drop trailing zero digits the scale allows, so a wide DECIMAL(38,10) column of small values still fits.
        while (magnitude > DecimalMax && scale > 0 && magnitude % 10 == 0) { magnitude /= 10; scale--; }
        if (magnitude > DecimalMax) throw new InvalidOperationException($"decimal value {(negative ? "-" : "")}{magnitude}e-{scale} is beyond the 28 digits expressions compute with");
        while (scale > SqlTypeScale.Max) { magnitude /= 10; scale--; }
        ulong low = (ulong)magnitude;
        uint high = (uint)(magnitude >> 64);
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, negative, scale);
    }

    /// <summary><paramref name="value"/> as an unscaled integer at <paramref name="scale"/> (rounded half away from zero).</summary>
    public static Int128 ToUnscaled(decimal value, int scale)
    {
        value = Math.Round(value, Math.Min(scale, SqlTypeScale.Max), MidpointRounding.AwayFromZero);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Int128 m = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        int own = (bits[3] >> 16) & 0xFF;
        for (int i = own; i < scale; i++) m *= 10;
        return bits[3] < 0 ? -m : m;
    }

    /// <summary>Whether <paramref name="value"/> has at most <paramref name="precision"/> - <paramref name="scale"/> integer digits.</summary>
    public static bool Fits(decimal value, int precision, int scale)
    {
        int digits = precision - scale;
        if (digits >= 29) return true;
        return Math.Abs(Math.Round(value, Math.Min(scale, SqlTypeScale.Max), MidpointRounding.AwayFromZero)) < Pow10(digits);
    }

    private static decimal Pow10(int n)
    {
        decimal r = 1;
        for (int i = 0; i < n; i++) r *= 10;
        return r;
    }

    /// <summary><see cref="decimal"/>'s largest scale.</summary>
    private static class SqlTypeScale
    {
        public const int Max = 28;
    }
}
