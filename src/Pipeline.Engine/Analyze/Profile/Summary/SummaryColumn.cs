using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Hashing;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile.Summary;

/// <summary>
/// One column's summary state for one worker: rows, nulls, a HyperLogLog of the value hashes, and by kind the moments
/// and a KLL sketch (numbers), the smallest and largest UTF-8 bytes (text: compared on the dictionary's entries when
/// the column comes dictionary-encoded, so no string is made), true/false counts, or the smallest and largest ticks
/// with a KLL sketch and an exact tick sum (date and time). Every part merges exactly (counts, min/max, sums) or within
/// its sketch's error (HyperLogLog, KLL), so the summary does not depend on parallelism or batch size beyond that.
/// </summary>
internal sealed class SummaryColumn(Field field)
{
    public Field Field { get; } = field;
    public ColumnKind Kind { get; } = ColumnKinds.Of(field.DataType);
    public long Rows, Nulls;
    public bool Hashable = true;
    public HyperLogLog Distinct = new(14);
    public MomentState Moments = new();
    public KllSketch? Quantiles = ColumnKinds.Of(field.DataType) is ColumnKind.Numeric or ColumnKind.DateTime ? new KllSketch() : null;
    public byte[]? MinText, MaxText;
    public long Trues, Falses;
    public long MinTicks = long.MaxValue, MaxTicks = long.MinValue;
    public Int128 SumTicks;

    /// <summary>Every how many values one goes into the quantile sketch (1: all). A scan that knows the row count up
    /// front sets it so about <see cref="QuantileSampleTarget"/> values are sketched: the sketch is the cost of the
    /// summary's numbers, and its own rank error (1.3 %) dwarfs a 1M-value sample's (0.15 %, see
    /// <see cref="SamplingRankError"/>).</summary>
    public int QuantileStride = 1;

    /// <summary>Values a column's quantile sketch should see when <see cref="QuantileStride"/> is chosen.</summary>
    public const long QuantileSampleTarget = 1 << 20;

    /// <summary>Position in the stride, carried from batch to batch.</summary>
    private int _phase;

    /// <summary>Values left out of the quantile sketch by the stride.</summary>
    public long SkippedForQuantiles;

    /// <summary>The rank error the stride adds with 99 % confidence (Dvoretzky–Kiefer–Wolfowitz: the largest gap between
    /// a sample's and the column's distribution functions is below √(ln(2/0.01) / 2n) for n sampled values); 0 when
    /// every value was sketched.</summary>
    public double SamplingRankError => SkippedForQuantiles == 0 || Quantiles is not { Count: > 0 } q ? 0 : Math.Sqrt(Math.Log(200) / (2.0 * q.Count));

    /// <summary>Adds <paramref name="values"/> to the quantile sketch, every <see cref="QuantileStride"/>-th one.</summary>
    private void Sketch(Span<double> values)
    {
        if (QuantileStride <= 1 || values.IsEmpty) { AddToSketch(values); return; }
        int kept = 0;
        int i = _phase;
        for (; i < values.Length; i += QuantileStride) values[kept++] = values[i];
        _phase = i - values.Length;
        SkippedForQuantiles += values.Length - kept;
        AddToSketch(values[..kept]);
    }

    private void AddToSketch(ReadOnlySpan<double> values)
    {
        bool finite = true;
        foreach (var v in values) if (!double.IsFinite(v)) { finite = false; break; }
        if (finite) Quantiles!.AddRange(values);
        else foreach (var v in values) if (double.IsFinite(v)) Quantiles!.Add(v);
    }

    /// <summary>Folds one batch's column.</summary>
    public void Update(IArrowArray column)
    {
        int n = column.Length;
        Rows += n;
        Nulls += column.NullCount;
        if (n == column.NullCount) return;
        if (Kind == ColumnKind.Boolean) { UpdateBoolean(column); return; }
        if (Hashable) UpdateDistinct(column);
        switch (Kind)
        {
            case ColumnKind.Numeric: UpdateNumeric(column); break;
            case ColumnKind.String: UpdateText(column); break;
            case ColumnKind.DateTime: UpdateDateTime(column); break;
        }
    }

    private void UpdateDistinct(IArrowArray column)
    {
        if (column is DictionaryArray dictionary)
        {
            // Distinct values of a dictionary column are among its entries: add each used entry's hash once.
            var used = UsedEntries(dictionary);
            var hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(1, dictionary.Dictionary.Length));
            try
            {
                ArrowHash.HashColumn(dictionary.Dictionary, hashes);
                for (int i = 0; i < used.Length; i++) if (used[i]) Distinct.Add(hashes[i]);
            }
            finally { ArrayPool<ulong>.Shared.Return(hashes); }
            return;
        }
        if (FixedWidthBits(column) is { } bits)
        {
            // Numbers, dates and times: the value's bits through a 64-bit finalizer, no byte hashing.
            AddFixedWidth(column, bits);
            return;
        }
        var h = ArrayPool<ulong>.Shared.Rent(column.Length);
        try
        {
            try { ArrowHash.HashColumn(column, h); }
            catch (NotSupportedException) { Hashable = false; return; }
            if (column.NullCount == 0) Distinct.AddRange(h.AsSpan(0, column.Length));
            else for (int i = 0; i < column.Length; i++) if (column.IsValid(i)) Distinct.Add(h[i]);
        }
        finally { ArrayPool<ulong>.Shared.Return(h); }
    }

    /// <summary>The bit width of a plain fixed-width numeric or temporal array (32 or 64), else null.</summary>
    private static int? FixedWidthBits(IArrowArray column) => column.Data.DataType switch
    {
        Int32Type or UInt32Type or FloatType or Date32Type or Time32Type => 32,
        Int64Type or UInt64Type or DoubleType or Date64Type or TimestampType or Time64Type or DurationType => 64,
        _ => null,
    };

    private void AddFixedWidth(IArrowArray column, int bits)
    {
        var buffer = column.Data.Buffers[1].Span;
        bool nulls = column.NullCount > 0;
        if (bits == 64)
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(buffer).Slice(column.Offset, column.Length);
            for (int i = 0; i < values.Length; i++) if (!nulls || column.IsValid(i)) Distinct.Add(Mix(values[i]));
        }
        else
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(buffer).Slice(column.Offset, column.Length);
            for (int i = 0; i < values.Length; i++) if (!nulls || column.IsValid(i)) Distinct.Add(Mix(values[i]));
        }
    }

    /// <summary>splitmix64's finalizer: every input bit reaches every output bit, which is all HyperLogLog needs.</summary>
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9;
        x ^= x >> 27; x *= 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    /// <summary>
    /// Folds one batch of a text column read from its pages (no Arrow array): <paramref name="rows"/> rows whose
    /// non-null values are <paramref name="values"/>. A value's hash is remembered by its view's pointer for the
    /// batch (a dictionary-encoded page hands out one pointer per entry), so repeated values are hashed once.
    /// </summary>
    public void UpdateText(ReadOnlySpan<Core.Streams.RowGroups.TextView> values, int rows)
    {
        Rows += rows;
        Nulls += rows - values.Length;
        if (values.IsEmpty) return;
        _cache ??= new TextHashCache();
        _cache.NextBatch();
        int min = -1, max = -1;
        ulong minPrefix = 0, maxPrefix = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var view = values[i];
            // The same entry again: neither a new distinct value nor a new extreme.
            if (!_cache.FirstSighting(view.Pointer, view.Length)) continue;
            var bytes = view.Bytes;
            Distinct.Add(ArrowHash.HashBytes(bytes));
            ulong prefix = Prefix(bytes);
            if (min >= 0 && prefix > minPrefix && prefix < maxPrefix) continue;
            if (min < 0) { min = max = i; minPrefix = maxPrefix = prefix; continue; }
            if (prefix <= minPrefix && bytes.SequenceCompareTo(values[min].Bytes) < 0) { min = i; minPrefix = prefix; }
            if (prefix >= maxPrefix && bytes.SequenceCompareTo(values[max].Bytes) > 0) { max = i; maxPrefix = prefix; }
        }
        if (min < 0) return;
        Consider(values[min].Bytes);
        Consider(values[max].Bytes);
    }

    private TextHashCache? _cache;

    private static bool[] UsedEntries(DictionaryArray dictionary)
    {
        var used = new bool[dictionary.Dictionary.Length];
        bool nulls = dictionary.NullCount > 0;
        if (dictionary.Indices is Int32Array int32)
        {
            // Parquet's dictionaries come with 32-bit indices: one typed loop, no per-row type switch.
            var indices = int32.Values;
            for (int i = 0; i < indices.Length; i++)
                if (!nulls || dictionary.IsValid(i)) used[indices[i]] = true;
            return used;
        }
        for (int i = 0; i < dictionary.Length; i++)
            if (!nulls || dictionary.IsValid(i)) used[ValueText.DictionaryIndex(dictionary.Indices, i)] = true;
        return used;
    }

    private void UpdateNumeric(IArrowArray column)
    {
        var values = ArrayPool<double>.Shared.Rent(column.Length);
        try
        {
            int count;
            if (column is DictionaryArray)
            {
                AlignedValues.Fill(column, values.AsSpan(0, column.Length));
                count = 0;
                for (int i = 0; i < column.Length; i++) if (column.IsValid(i)) values[count++] = values[i];
            }
            else count = ArrowMoments.CopyValidAsDouble(column, values);
            var span = values.AsSpan(0, count);
            var batch = Kernels.Compute.ComputeBackends.For(span.Length).Moments(span);
            Moments.Merge(in batch);
            Sketch(span);
        }
        finally { ArrayPool<double>.Shared.Return(values); }
    }

    private void UpdateText(IArrowArray column)
    {
        if (column is DictionaryArray dictionary)
        {
            var used = UsedEntries(dictionary);
            for (int i = 0; i < used.Length; i++) if (used[i]) Consider(Utf8(dictionary.Dictionary, i));
            return;
        }
        if (column is StringArray strings) { UpdateStrings(strings); return; }
        // Other text arrays (views, large strings): value by value.
        for (int i = 0; i < column.Length; i++)
            if (column.IsValid(i)) Consider(Utf8(column, i));
    }

    /// <summary>
    /// The batch's smallest and largest values by ordinal UTF-8 bytes (the order of code points) over the offsets and
    /// value bytes directly. Each value's first eight bytes, big-endian and zero-padded, settle most comparisons: a
    /// prefix strictly between the current minimum's and maximum's cannot be either, and only the others are compared
    /// in full.
    /// </summary>
    private void UpdateStrings(StringArray strings)
    {
        var offsets = strings.ValueOffsets;
        var bytes = strings.Values;
        bool nulls = strings.NullCount > 0;
        int min = -1, max = -1;
        ulong minPrefix = 0, maxPrefix = 0;
        for (int i = 0; i < strings.Length; i++)
        {
            if (nulls && !strings.IsValid(i)) continue;
            var v = bytes[offsets[i]..offsets[i + 1]];
            ulong prefix = Prefix(v);
            if (min >= 0 && prefix > minPrefix && prefix < maxPrefix) continue;
            if (min < 0) { min = max = i; minPrefix = maxPrefix = prefix; continue; }
            if (prefix <= minPrefix && v.SequenceCompareTo(bytes[offsets[min]..offsets[min + 1]]) < 0) { min = i; minPrefix = prefix; }
            if (prefix >= maxPrefix && v.SequenceCompareTo(bytes[offsets[max]..offsets[max + 1]]) > 0) { max = i; maxPrefix = prefix; }
        }
        if (min < 0) return;
        Consider(bytes[offsets[min]..offsets[min + 1]]);
        Consider(bytes[offsets[max]..offsets[max + 1]]);
    }

    private static ulong Prefix(ReadOnlySpan<byte> value)
    {
        if (value.Length >= 8) return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(value);
        Span<byte> padded = stackalloc byte[8];
        padded.Clear();
        value.CopyTo(padded);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(padded);
    }

    private void Consider(ReadOnlySpan<byte> value)
    {
        if (MinText is null || value.SequenceCompareTo(MinText) < 0) MinText = value.ToArray();
        if (MaxText is null || value.SequenceCompareTo(MaxText) > 0) MaxText = value.ToArray();
    }

    private static ReadOnlySpan<byte> Utf8(IArrowArray values, int row) => values switch
    {
        StringArray s => s.GetBytes(row),
        StringViewArray s => s.GetBytes(row),
        LargeStringArray s => System.Text.Encoding.UTF8.GetBytes(s.GetString(row)),
        _ => [],
    };

    private void UpdateBoolean(IArrowArray column)
    {
        if (column is BooleanArray { NullCount: 0 } plain)
        {
            // No nulls: the true count is the set bits of the value bitmap.
            long trues = BitUtility.CountBits(plain.ValueBuffer.Span, plain.Offset, plain.Length);
            Trues += trues;
            Falses += plain.Length - trues;
            return;
        }
        var values = column is DictionaryArray d ? (BooleanArray)d.Dictionary : (BooleanArray)column;
        for (int i = 0; i < column.Length; i++)
        {
            if (!column.IsValid(i)) continue;
            int slot = column is DictionaryArray dict ? ValueText.DictionaryIndex(dict.Indices, i) : i;
            if (values.GetValue(slot) == true) Trues++; else Falses++;
        }
    }

    private void UpdateDateTime(IArrowArray column)
    {
        var ticks = ArrayPool<double>.Shared.Rent(column.Length);
        int valid = 0;
        try
        {
            bool nulls = column.NullCount > 0;
            if (column is TimestampArray stamps)
            {
                // One typed loop per unit: the common case (timestamps) has no per-row type switch.
                var raw = stamps.Values;
                var unit = ((TimestampType)stamps.Data.DataType).Unit;
                for (int i = 0; i < raw.Length; i++)
                    if (!nulls || stamps.IsValid(i)) Add(ValueText.TimestampTicks(raw[i], unit));
            }
            else
            {
                for (int i = 0; i < column.Length; i++)
                {
                    if (nulls && !column.IsValid(i)) continue;
                    Add(column switch
                    {
                        Date32Array d => d.Values[i] * TimeSpan.TicksPerDay,
                        Date64Array d => d.Values[i] * TimeSpan.TicksPerMillisecond,
                        _ => 0,
                    });
                }
            }

            void Add(long t)
            {
                if (t < MinTicks) MinTicks = t;
                if (t > MaxTicks) MaxTicks = t;
                SumTicks += t;
                ticks[valid++] = t;
            }
            Sketch(ticks.AsSpan(0, valid));
        }
        finally { ArrayPool<double>.Shared.Return(ticks); }
    }

    /// <summary>Folds another worker's state of the same column.</summary>
    public void Merge(SummaryColumn other)
    {
        Rows += other.Rows;
        Nulls += other.Nulls;
        Hashable &= other.Hashable;
        Distinct.Merge(other.Distinct);
        Moments.Merge(in other.Moments);
        if (other.Quantiles is { Count: > 0 }) Quantiles!.Merge(other.Quantiles);
        if (other.MinText is not null) Consider(other.MinText);
        if (other.MaxText is not null) Consider(other.MaxText);
        Trues += other.Trues; Falses += other.Falses;
        MinTicks = Math.Min(MinTicks, other.MinTicks);
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
        SumTicks += other.SumTicks;
        SkippedForQuantiles += other.SkippedForQuantiles;
    }

    /// <summary>
    /// Which value views of the current batch were seen, by pointer and length: a direct-mapped table of 4,096 slots
    /// stamped with the batch number, so moving to the next batch forgets everything without clearing. Equal pointers
    /// hold equal bytes only within one batch of a page reader.
    /// </summary>
    private sealed class TextHashCache
    {
        private const int Slots = 4096;
        private readonly nint[] _pointers = new nint[Slots];
        private readonly int[] _lengths = new int[Slots];
        private readonly int[] _stamps = new int[Slots];
        private int _batch;

        public void NextBatch() => _batch++;

        /// <summary>False when this view is in its slot for this batch already; otherwise puts it there (evicting
        /// whatever the slot held, which at worst hashes that value again later) and returns true.</summary>
        public bool FirstSighting(nint pointer, int length)
        {
            int slot = Slot(pointer);
            if (_stamps[slot] == _batch && _pointers[slot] == pointer && _lengths[slot] == length) return false;
            _pointers[slot] = pointer; _lengths[slot] = length; _stamps[slot] = _batch;
            return true;
        }

        private static int Slot(nint pointer) => (int)(((ulong)pointer * 0x9E3779B97F4A7C15UL) >> 52);
    }
}
