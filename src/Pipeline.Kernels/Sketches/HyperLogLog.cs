using System.Numerics;

namespace Pipeline.Kernels.Sketches;

/// <summary>HyperLogLog distinct-count sketch over 64-bit hashes (from <c>ArrowHash</c>), with Ertl's improved
/// estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs neither
/// linear-counting switch-over nor bias tables and stays unbiased from 0 to far beyond 2^40 distinct values.</summary>
/// <remarks>
/// <para>Relative standard error ≈ 1.04 / √m with m = 2^precision registers: 1.63% at the default precision 12
/// (4 KiB of state); 99.7% of estimates fall within three standard errors.</para>
/// <para>Merging takes the register-wise maximum: commutative, associative, idempotent, and equal to the sketch
/// of the union. Not thread-safe: keep one per thread and merge.</para>
/// </remarks>
public sealed class HyperLogLog
{
    /// <summary>Serialization format version (first byte of <see cref="Serialize"/>).</summary>
    public const byte FormatVersion = 1;

    private readonly byte[] _registers;

    /// <summary>Creates an empty sketch with 2^<paramref name="precision"/> registers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is outside [4, 18].</exception>
    public HyperLogLog(int precision = 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 18);
        Precision = precision;
        _registers = new byte[1 << precision];
    }

    /// <summary>Number of index bits p; the sketch has 2^p registers.</summary>
    public int Precision { get; }

    /// <summary>Relative standard error of <see cref="Estimate"/>: 1.04 / √(2^p).</summary>
    public double RelativeStandardError => 1.04 / Math.Sqrt(_registers.Length);

    /// <summary>Adds one hashed value. The hash must be well mixed (all 64 bits), as <c>ArrowHash</c> gives.</summary>
    public void Add(ulong hash)
    {
        int index = (int)(hash >> (64 - Precision));
        // Leading zeros of the remaining 64-p bits, plus one; the sentinel bit caps the rank at 64-p+1.
        ulong rest = (hash << Precision) | (1UL << (Precision - 1));
        byte rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    /// <summary>Adds many hashed values.</summary>
    public void AddRange(ReadOnlySpan<ulong> hashes)
    {
        // Locals keep the register array and shift in registers in the hot loop.
        byte[] registers = _registers;
        int p = Precision, shift = 64 - p;
        ulong sentinel = 1UL << (p - 1);
        foreach (ulong hash in hashes)
        {
            int index = (int)(hash >> shift);
            byte rank = (byte)(BitOperations.LeadingZeroCount((hash << p) | sentinel) + 1);
            if (rank > registers[index]) registers[index] = rank;
        }
    }

    /// <summary>Folds <paramref name="other"/> into this sketch (register-wise maximum).</summary>
    /// <exception cref="ArgumentException">The precisions differ.</exception>
    public void Merge(HyperLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Precision != Precision)
            throw new ArgumentException($"Cannot merge a precision-{other.Precision} sketch into a precision-{Precision} one.", nameof(other));
        System.Numerics.Tensors.TensorPrimitives.Max<byte>(_registers, other._registers, _registers);
    }

    /// <summary>Estimated number of distinct hashes added.</summary>
    public long Estimate()
    {
        int q = 64 - Precision;
        Span<int> histogram = stackalloc int[q + 2];
        foreach (byte r in _registers) histogram[r]++;
        double m = _registers.Length;
        double z = m * Tau(1 - histogram[q + 1] / m);
        for (int k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        double alphaInfinity = 1 / (2 * Math.Log(2));
        return (long)Math.Round(alphaInfinity * m * m / z);
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != previous);
        return z / 3;
    }

    /// <summary>Serializes as [version][precision][2^p register bytes].</summary>
    public byte[] Serialize()
    {
        var data = new byte[2 + _registers.Length];
        data[0] = FormatVersion;
        data[1] = (byte)Precision;
        _registers.CopyTo(data, 2);
        return data;
    }

    /// <summary>Reads a sketch written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">Unknown version, bad precision or wrong length.</exception>
    public static HyperLogLog Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != FormatVersion)
            throw new FormatException("Not a HyperLogLog sketch of a known version.");
        int precision = data[1];
        if (precision is < 4 or > 18 || data.Length != 2 + (1 << precision))
            throw new FormatException("HyperLogLog sketch has a bad precision or length.");
        var sketch = new HyperLogLog(precision);
        data[2..].CopyTo(sketch._registers);
        int maxRank = 64 - precision + 1;
        foreach (byte r in sketch._registers)
            if (r > maxRank) throw new FormatException("HyperLogLog register out of range.");
        return sketch;
    }
}
