using System.Buffers;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Everything the profiler keeps about one column, for one worker. Every part is mergeable: counts add, moments merge
/// with Pébay's formulas, sketches merge, so profiling partitions and merging gives the single-pass answer.
/// </summary>
internal sealed class ColumnState
{
    public ColumnState(Field field, ProfileOptions options)
    {
        Field = field;
        Kind = ColumnKinds.Of(field.DataType);
        Options = options;
        Values = new ValueCounter(options.ExactDistinctLimit, Math.Max(1024, options.TopValues * 20));
        if (Kind is ColumnKind.Numeric or ColumnKind.DateTime)
        {
            Quantiles = new KllSketch();
            Order = new OrderState(time: Kind == ColumnKind.DateTime);
        }
        if (Kind == ColumnKind.String) Patterns = new ValueCounter(1000, 1024);
    }

    public Field Field { get; }
    public ColumnKind Kind { get; }
    public ProfileOptions Options { get; }

    public long Rows;
    public long Nulls;

    /// <summary>False once the hash kernel refused the column's type: counts and nulls only.</summary>
    public bool Hashable = true;
    public HyperLogLog Distinct = new(14);
    public ValueCounter Values;
    public ValueSample Sample = new(256);

    // numeric
    public MomentState Moments = Empty();
    public KllSketch? Quantiles;
    /// <summary>Monotonicity and (date/time) steps between consecutive values, in source order.</summary>
    public OrderState? Order;

    // string
    public StringLengthState Lengths;
    public ValueCounter? Patterns;
    public long WithLetters, WithDigits, WithWhitespace, WithPunctuation, WithNonAscii;

    // boolean
    public long Trues, Falses;

    // date / timestamp (in .NET ticks since the Unix epoch)
    public long MinTicks = long.MaxValue, MaxTicks = long.MinValue, Future;
    public readonly long[] Weekdays = new long[7];
    public readonly long[] Hours = new long[24];

    private static MomentState Empty()
    {
        var m = default(MomentState);
        m.Min = double.PositiveInfinity;
        m.Max = double.NegativeInfinity;
        return m;
    }

    /// <summary>Folds one batch's column; <paramref name="hashes"/> holds the column's value hashes.</summary>
    public void Update(IArrowArray column, ReadOnlySpan<ulong> hashes, long sequence)
    {
        int n = column.Length;
        Rows += n;
        Nulls += column.NullCount;
        if (!Hashable) return;
        bool nulls = column.NullCount > 0;
        if (!nulls) Distinct.AddRange(hashes[..n]);
        for (int i = 0; i < n; i++)
        {
            if (nulls)
            {
                if (column.IsNull(i)) continue;
                Distinct.Add(hashes[i]);
            }
            // The sample only needs values not already counted (a repeat cannot change a bottom-k of distinct values).
            if (Values.Add(hashes[i], column, i)) Sample.Add(hashes[i], column, i);
        }
        switch (Kind)
        {
            case ColumnKind.Numeric: UpdateNumeric(column, sequence); break;
            case ColumnKind.String: UpdateString(column); break;
            case ColumnKind.Boolean: UpdateBoolean(column); break;
            case ColumnKind.DateTime: UpdateDateTime(column, sequence); break;
        }
    }

    private void UpdateNumeric(IArrowArray column, long sequence)
    {
        var values = ArrayPool<double>.Shared.Rent(Math.Max(1, column.Length));
        try
        {
            int count;
            if (column is DictionaryArray)
            {
                // Dictionary-encoded numbers are rare: decode row by row rather than teach every kernel dictionaries.
                AlignedValues.Fill(column, values.AsSpan(0, column.Length));
                count = 0;
                for (int i = 0; i < column.Length; i++) if (!column.IsNull(i)) values[count++] = values[i];
            }
            else count = ArrowMoments.CopyValidAsDouble(column, values);
            var span = values.AsSpan(0, count);
            // The CPU path unless a GPU is registered and the batch is large enough to pay for the copy.
            var batchMoments = Kernels.Compute.ComputeBackends.For(span.Length).Moments(span);
            Moments.Merge(in batchMoments);
            Order!.Add(sequence, span);
            if (Moments.NaN + Moments.PositiveInfinity + Moments.NegativeInfinity == 0) Quantiles!.AddRange(span);
            else foreach (var v in span) if (double.IsFinite(v)) Quantiles!.Add(v);
        }
        finally { ArrayPool<double>.Shared.Return(values); }
    }

    private void UpdateString(IArrowArray column)
    {
        var values = column is DictionaryArray d ? d.Dictionary : column;
        Span<char> shape = stackalloc char[StringShapes.MaxLength + 1];
        for (int i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i)) continue;
            int slot = column is DictionaryArray dict ? ValueText.DictionaryIndex(dict.Indices, i) : i;
            var bytes = Utf8(values, slot);
            // Classes and shape from the UTF-8 bytes, without making a string per value: ASCII bytes are classified
            // exactly; any byte ≥ 0x80 (part of a non-ASCII character) counts as non-ASCII and as a letter.
            bool letters = false, digits = false, space = false, punct = false, nonAscii = false;
            int length = 0; // Unicode scalar values: every byte that is not a UTF-8 continuation byte
            foreach (byte b in bytes)
            {
                char c;
                if (b >= 0x80) { nonAscii = letters = true; if ((b & 0xC0) == 0x80) continue; c = 'a'; }
                else if (b is >= (byte)'a' and <= (byte)'z') { letters = true; c = 'a'; }
                else if (b is >= (byte)'A' and <= (byte)'Z') { letters = true; c = 'A'; }
                else if (b is >= (byte)'0' and <= (byte)'9') { digits = true; c = '9'; }
                else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') { space = true; c = (char)b; }
                else { punct = true; c = (char)b; }
                if (length < StringShapes.MaxLength) shape[length] = c;
                else if (length == StringShapes.MaxLength) shape[length] = '…';
                length++;
            }
            Lengths.Add(length, length > 0 && !letters && !digits && !punct);
            if (letters) WithLetters++;
            if (digits) WithDigits++;
            if (space) WithWhitespace++;
            if (punct) WithPunctuation++;
            if (nonAscii) WithNonAscii++;
            var shaped = shape[..Math.Min(length, StringShapes.MaxLength + 1)];
            Patterns!.Add(Kernels.Hashing.ArrowHash.HashBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(shaped)), shaped);
        }
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
        var values = column is DictionaryArray d ? d.Dictionary : column;
        for (int i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i)) continue;
            int slot = column is DictionaryArray dict ? ValueText.DictionaryIndex(dict.Indices, i) : i;
            if (((BooleanArray)values).GetValue(slot) == true) Trues++; else Falses++;
        }
    }

    private void UpdateDateTime(IArrowArray column, long sequence)
    {
        var ordered = ArrayPool<long>.Shared.Rent(Math.Max(1, column.Length));
        int valid = 0;
        long nowTicks = Options.Now.UtcDateTime.Ticks - DateTime.UnixEpoch.Ticks;
        bool hasTime = column is TimestampArray or Date64Array;
        for (int i = 0; i < column.Length; i++)
        {
            if (column.IsNull(i)) continue;
            long ticks = column switch
            {
                Date32Array d => d.Values[i] * TimeSpan.TicksPerDay,
                Date64Array d => d.Values[i] * TimeSpan.TicksPerMillisecond,
                TimestampArray t => ValueText.TimestampTicks(t.Values[i], ((TimestampType)t.Data.DataType).Unit),
                _ => 0,
            };
            if (ticks < MinTicks) MinTicks = ticks;
            if (ticks > MaxTicks) MaxTicks = ticks;
            if (ticks > nowTicks) Future++;
            ordered[valid++] = ticks;
            Quantiles!.Add(ticks);
            long days = Math.DivRem(ticks, TimeSpan.TicksPerDay, out long rest);
            if (rest < 0) { rest += TimeSpan.TicksPerDay; days--; }
            Weekdays[(int)(((days % 7) + 7 + 4) % 7)]++; // 1970-01-01 was a Thursday (index 4, Sunday = 0)
            if (hasTime) Hours[(int)(rest / TimeSpan.TicksPerHour)]++;
        }
        Order!.AddTicks(sequence, ordered.AsSpan(0, valid));
        ArrayPool<long>.Shared.Return(ordered);
    }

    /// <summary>Folds another worker's state of the same column.</summary>
    public void Merge(ColumnState other)
    {
        Rows += other.Rows;
        Nulls += other.Nulls;
        Hashable &= other.Hashable;
        Distinct.Merge(other.Distinct);
        Values.Merge(other.Values);
        Sample.Merge(other.Sample);
        Moments.Merge(in other.Moments);
        Quantiles?.Merge(other.Quantiles!);
        Order?.Merge(other.Order!);
        Lengths.Merge(in other.Lengths);
        Patterns?.Merge(other.Patterns!);
        WithLetters += other.WithLetters; WithDigits += other.WithDigits; WithWhitespace += other.WithWhitespace;
        WithPunctuation += other.WithPunctuation; WithNonAscii += other.WithNonAscii;
        Trues += other.Trues; Falses += other.Falses;
        MinTicks = Math.Min(MinTicks, other.MinTicks);
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
        Future += other.Future;
        for (int i = 0; i < 7; i++) Weekdays[i] += other.Weekdays[i];
        for (int i = 0; i < 24; i++) Hours[i] += other.Hours[i];
    }

    /// <summary>Saves this column's state (see <see cref="ProfileStateFile"/>).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Rows); w.Write(Nulls); w.Write(Hashable);
        ProfileStateFile.WriteBytes(w, Distinct.Serialize());
        Values.Write(w);
        Sample.Write(w);
        ProfileStateFile.WriteMoments(w, in Moments);
        ProfileStateFile.WriteSketch(w, Quantiles);
        w.Write(Order is not null);
        Order?.Write(w);
        w.Write(Lengths.Count); w.Write(Lengths.Empty); w.Write(Lengths.WhitespaceOnly); w.Write(Lengths.MinLength); w.Write(Lengths.MaxLength); w.Write(Lengths.SumLength);
        w.Write(Patterns is not null);
        Patterns?.Write(w);
        foreach (var v in new[] { WithLetters, WithDigits, WithWhitespace, WithPunctuation, WithNonAscii, Trues, Falses, MinTicks, MaxTicks, Future }) w.Write(v);
        foreach (var v in Weekdays) w.Write(v);
        foreach (var v in Hours) w.Write(v);
    }

    /// <summary>Loads a state saved by <see cref="Write"/> into this fresh one.</summary>
    public void Read(BinaryReader r)
    {
        Rows = r.ReadInt64(); Nulls = r.ReadInt64(); Hashable = r.ReadBoolean();
        Distinct = HyperLogLog.Deserialize(ProfileStateFile.ReadBytes(r));
        Values.Read(r);
        Sample.Read(r);
        Moments = ProfileStateFile.ReadMoments(r);
        Quantiles = ProfileStateFile.ReadSketch(r);
        // The flags say which optional parts were written; a kind without that part means the file is damaged.
        if (r.ReadBoolean()) (Order ?? throw new InvalidDataException($"column '{Field.Name}': an order state for a column that has none")).Read(r);
        Lengths = new StringLengthState
        {
            Count = r.ReadInt64(), Empty = r.ReadInt64(), WhitespaceOnly = r.ReadInt64(),
            MinLength = r.ReadInt64(), MaxLength = r.ReadInt64(), SumLength = r.ReadDouble(),
        };
        if (r.ReadBoolean()) (Patterns ?? throw new InvalidDataException($"column '{Field.Name}': a pattern state for a column that has none")).Read(r);
        WithLetters = r.ReadInt64(); WithDigits = r.ReadInt64(); WithWhitespace = r.ReadInt64(); WithPunctuation = r.ReadInt64(); WithNonAscii = r.ReadInt64();
        Trues = r.ReadInt64(); Falses = r.ReadInt64(); MinTicks = r.ReadInt64(); MaxTicks = r.ReadInt64(); Future = r.ReadInt64();
        for (int i = 0; i < 7; i++) Weekdays[i] = r.ReadInt64();
        for (int i = 0; i < 24; i++) Hours[i] = r.ReadInt64();
    }
}
