using System.Buffers.Binary;

namespace Pipeline.Kernels.Sketches;

/// <summary>KLL quantile sketch (Karnin, Lang, Liberty 2016) over doubles: a stack of compactors where level h
/// holds items of weight 2^h and level capacities shrink geometrically (factor 2/3) below the top.</summary>
/// <remarks>
/// <para>Rank error: with k = 200 the normalized rank error is about 1.33% with 99% confidence
/// (<see cref="NormalizedRankError"/> = 2.296 / k^0.9723, the bound Apache DataSketches publishes for KLL).</para>
/// <para>Deterministic: compaction's coin flips come from a fixed-seed xorshift generator whose state is part of
/// the sketch (and of its serialization), so the same inputs in the same order give the same sketch.</para>
/// <para>NaN is ignored (not counted); ±∞ are ordinary items. Not thread-safe: keep one per thread and merge.
/// Merging is commutative and associative within the error bound (not bit for bit).</para>
/// </remarks>
public sealed class KllSketch
{
    /// <summary>Serialization format version (first byte of <see cref="Serialize"/>).</summary>
    public const byte FormatVersion = 1;

    private const double CapacityDecay = 2.0 / 3.0;
    // DataSketches' minimum level width: tiny bottom levels would make compactions nearly per item.
    private const int MinCapacity = 8;
    private const ulong RandomSeed = 0x9E3779B97F4A7C15UL;

    private readonly List<List<double>> _levels = new();
    // Capacities depend only on the level count, so they are recomputed in Grow, not per compaction.
    private int[] _capacities = [];
    private readonly int _k;
    private ulong _random = RandomSeed;
    private int _size;
    private int _maxSize;

    /// <summary>Creates an empty sketch; larger <paramref name="k"/> means smaller error and more memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [8, 65535].</exception>
    public KllSketch(int k = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 65535);
        _k = k;
        Grow();
    }

    /// <summary>The accuracy parameter k.</summary>
    public int K => _k;

    /// <summary>Number of (non-NaN) values added, including merged ones.</summary>
    public long Count { get; private set; }

    /// <summary>Smallest value added (exact); NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Largest value added (exact); NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Normalized rank error with 99% confidence, 2.296 / k^0.9723 (≈ 1.33% at k = 200).</summary>
    public double NormalizedRankError => 2.296 / Math.Pow(_k, 0.9723);

    /// <summary>Adds one value; NaN is ignored.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) return;
        if (Count == 0) { Min = value; Max = value; }
        else { if (value < Min) Min = value; if (value > Max) Max = value; }
        Count++;
        _levels[0].Add(value);
        if (++_size >= _maxSize) Compress();
    }

    /// <summary>Adds many values; NaN is ignored.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        // Bulk path: append runs that fit before the next compaction, with min/max by TensorPrimitives.
        // Runs containing NaN fall back to per-value adds. Compactions happen at the same points as with
        // per-value adds, so both give the identical sketch.
        while (!values.IsEmpty)
        {
            int room = Math.Max(1, _maxSize - _size);
            var run = values[..Math.Min(room, values.Length)];
            values = values[run.Length..];
            // TensorPrimitives.Min returns NaN when the run holds one.
            double min = System.Numerics.Tensors.TensorPrimitives.Min(run);
            if (double.IsNaN(min))
            {
                foreach (double v in run) Add(v);
                continue;
            }
            double max = System.Numerics.Tensors.TensorPrimitives.Max(run);
            if (Count == 0) { Min = min; Max = max; }
            else { if (min < Min) Min = min; if (max > Max) Max = max; }
            Count += run.Length;
            _levels[0].AddRange(run);
            _size += run.Length;
            if (_size >= _maxSize) Compress();
        }
    }

    /// <summary>Folds <paramref name="other"/> into this sketch.</summary>
    /// <exception cref="ArgumentException">The sketches have different k.</exception>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._k != _k) throw new ArgumentException($"Cannot merge a k={other._k} sketch into a k={_k} one.", nameof(other));
        if (other.Count == 0) return;
        if (Count == 0) { Min = other.Min; Max = other.Max; }
        else { Min = Math.Min(Min, other.Min); Max = Math.Max(Max, other.Max); }
        Count += other.Count;
        while (_levels.Count < other._levels.Count) Grow();
        for (int h = 0; h < other._levels.Count; h++) _levels[h].AddRange(other._levels[h]);
        _size = _levels.Sum(l => l.Count);
        while (_size >= _maxSize) Compress();
    }

    /// <summary>Estimated fraction of added values less than or equal to <paramref name="value"/>, in [0, 1];
    /// NaN when empty.</summary>
    public double Rank(double value)
    {
        if (Count == 0) return double.NaN;
        if (value < Min) return 0;
        if (value >= Max) return 1;
        double weight = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            long w = 1L << h;
            foreach (double item in _levels[h])
                if (item <= value) weight += w;
        }
        return weight / TotalWeight();
    }

    /// <summary>Estimated q-quantile: the smallest retained value whose rank reaches <paramref name="q"/>;
    /// q = 0 gives <see cref="Min"/> and q = 1 <see cref="Max"/> exactly. NaN when empty.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile must lie in [0, 1].");
        if (Count == 0) return double.NaN;
        if (q == 0) return Min;
        if (q == 1) return Max;
        var items = SortedWeightedItems(out double total);
        double target = q * total, cumulative = 0;
        foreach (var (item, weight) in items)
        {
            cumulative += weight;
            if (cumulative >= target) return item;
        }
        return Max;
    }

    private List<(double Item, long Weight)> SortedWeightedItems(out double total)
    {
        var items = new List<(double, long)>(_size);
        total = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            long w = 1L << h;
            foreach (double item in _levels[h]) items.Add((item, w));
            total += (double)w * _levels[h].Count;
        }
        items.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return items;
    }

    private double TotalWeight()
    {
        double total = 0;
        for (int h = 0; h < _levels.Count; h++) total += (double)(1L << h) * _levels[h].Count;
        return total;
    }

    private int Capacity(int level) => _capacities[level];

    private void Grow()
    {
        _levels.Add(new List<double>());
        _capacities = new int[_levels.Count];
        _maxSize = 0;
        for (int h = 0; h < _levels.Count; h++)
        {
            int depth = _levels.Count - h - 1;
            _capacities[h] = Math.Max(MinCapacity, (int)Math.Ceiling(_k * Math.Pow(CapacityDecay, depth)));
            _maxSize += _capacities[h];
        }
    }

    /// <summary>Compacts the lowest full level: sort, keep every other item (odd or even positions by a coin flip)
    /// promoted to the next level with double weight. Stops as soon as the sketch fits again (lazy compaction).</summary>
    private void Compress()
    {
        for (int h = 0; h < _levels.Count; h++)
        {
            var level = _levels[h];
            if (level.Count < Capacity(h)) continue;
            if (h + 1 >= _levels.Count) Grow();
            level.Sort();
            // An odd item out stays behind (the smallest one), so weights are conserved exactly.
            int start = level.Count % 2;
            int offset = (int)(NextRandom() & 1);
            var above = _levels[h + 1];
            int before = level.Count;
            for (int i = start + offset; i < level.Count; i += 2) above.Add(level[i]);
            level.RemoveRange(start, level.Count - start);
            _size -= (before - start) / 2;
            if (_size < _maxSize) break;
        }
    }

    private ulong NextRandom()
    {
        // xorshift64: tiny, fast, and reproducible everywhere; its quality is ample for fair coin flips.
        ulong x = _random;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        _random = x;
        return x >> 32;
    }

    /// <summary>Serializes as [version][k:u16][count:i64][min:f64][max:f64][random:u64][levels:u8] then per level
    /// [n:i32][n × f64], all little-endian.</summary>
    public byte[] Serialize()
    {
        int length = 1 + 2 + 8 + 8 + 8 + 8 + 1 + _levels.Sum(l => 4 + 8 * l.Count);
        var data = new byte[length];
        var span = data.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(span[1..], (ushort)_k);
        BinaryPrimitives.WriteInt64LittleEndian(span[3..], Count);
        BinaryPrimitives.WriteDoubleLittleEndian(span[11..], Min);
        BinaryPrimitives.WriteDoubleLittleEndian(span[19..], Max);
        BinaryPrimitives.WriteUInt64LittleEndian(span[27..], _random);
        span[35] = (byte)_levels.Count;
        int pos = 36;
        foreach (var level in _levels)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[pos..], level.Count);
            pos += 4;
            foreach (double v in level)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(span[pos..], v);
                pos += 8;
            }
        }
        return data;
    }

    /// <summary>Reads a sketch written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">Unknown version or truncated / inconsistent data.</exception>
    public static KllSketch Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 36 || data[0] != FormatVersion) throw new FormatException("Not a KLL sketch of a known version.");
        int k = BinaryPrimitives.ReadUInt16LittleEndian(data[1..]);
        if (k < 8) throw new FormatException("KLL sketch has a bad k.");
        var sketch = new KllSketch(k)
        {
            Count = BinaryPrimitives.ReadInt64LittleEndian(data[3..]),
            Min = BinaryPrimitives.ReadDoubleLittleEndian(data[11..]),
            Max = BinaryPrimitives.ReadDoubleLittleEndian(data[19..]),
            _random = BinaryPrimitives.ReadUInt64LittleEndian(data[27..]),
        };
        int levels = data[35];
        if (levels < 1 || levels > 62) throw new FormatException("KLL sketch has a bad level count.");
        while (sketch._levels.Count < levels) sketch.Grow();
        int pos = 36;
        double weight = 0;
        for (int h = 0; h < levels; h++)
        {
            if (data.Length < pos + 4) throw new FormatException("KLL sketch is truncated.");
            int n = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
            pos += 4;
            if (n < 0 || data.Length < pos + 8L * n) throw new FormatException("KLL sketch is truncated.");
            for (int i = 0; i < n; i++, pos += 8) sketch._levels[h].Add(BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]));
            weight += (double)(1L << h) * n;
        }
        if (pos != data.Length || weight != sketch.Count) throw new FormatException("KLL sketch is inconsistent.");
        sketch._size = sketch._levels.Sum(l => l.Count);
        return sketch;
    }
}
