using Pipeline.Kernels;
using System.Buffers;
using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Compute;
using Pipeline.Kernels.Hashing;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// The profile as a mergeable analyzer: one pass over the batches gives per-column statistics, exact Pearson
/// co-moments, a deterministic row sample (for Spearman and Cramér's V), the duplicate-row count and column copies.
/// Each runner worker keeps its own instance (<see cref="CreateEmpty"/>); <see cref="Merge"/> combines them, and the
/// same merge combines partitions profiled separately. <see cref="Report"/> turns the state into a <see cref="ProfileReport"/>.
/// </summary>
public sealed class TableProfiler : IOrderedAnalyzer
{
    private readonly Schema _schema;
    private readonly ProfileOptions _options;
    private readonly ColumnState[] _columns;
    private readonly int[] _numeric;
    private readonly int[] _categorical;
    private readonly CoMomentState[] _pearson;
    private readonly bool[] _copies;
    private readonly RowSample _sample;
    private Int64HashSet? _rowHashes;
    /// <summary>False at <see cref="ProfileLevel.Standard"/>: no exact duplicate set, no row sample, no column pairs.</summary>
    private readonly bool _full;
    private HyperLogLog _distinctRows = new(14);
    private readonly List<string> _duplicateExamples = [];
    private readonly MappingState _mappings;
    private readonly NullCooccurrence _nulls;
    private long _rows, _memoryBytes, _nextSequence;
    /// <summary>Worker (or partition) states folded into this one that saw rows. The duplicate-hash limit is per
    /// worker, so a merged set may hold that many entries per part: the budget is the same, only pooled.</summary>
    private int _parts;

    /// <summary>Creates an empty profile for batches of <paramref name="schema"/>.</summary>
    public TableProfiler(Schema schema, ProfileOptions? options = null)
    {
        _schema = schema;
        _options = options ?? new ProfileOptions();
        _full = _options.Level == ProfileLevel.Full;
        _rowHashes = _full ? new Int64HashSet() : null;
        _columns = schema.FieldsList.Select(f => new ColumnState(f, _options)).ToArray();
        _numeric = Enumerable.Range(0, _columns.Length).Where(i => _columns[i].Kind == ColumnKind.Numeric).ToArray();
        _categorical = Enumerable.Range(0, _columns.Length).Where(i => _columns[i].Kind is ColumnKind.String or ColumnKind.Boolean).ToArray();
        _pearson = new CoMomentState[_numeric.Length * _numeric.Length];
        _copies = new bool[_columns.Length * _columns.Length];
        for (int i = 0; i < _columns.Length; i++)
            for (int j = i + 1; j < _columns.Length; j++)
                _copies[i * _columns.Length + j] = _columns[i].Field.DataType.TypeId == _columns[j].Field.DataType.TypeId;
        _sample = new RowSample(_options.SampleRows);
        // Every hashable pair is a one-to-one candidate until its first conflict; the report leaves out exact copies.
        _mappings = new MappingState(_columns.Length, (i, j) => _columns[i].Hashable && _columns[j].Hashable);
        _nulls = new NullCooccurrence(_columns.Length);
    }

    /// <inheritdoc />
    public string Name => "profile";

    /// <inheritdoc />
    public IAnalyzer CreateEmpty() => new TableProfiler(_schema, _options);

    /// <summary>Folds the next batch (source order is the order of calls).</summary>
    public void Update(RecordBatch batch) => Update(batch, _nextSequence++);

    /// <inheritdoc />
    public void Update(RecordBatch batch, long sequence)
    {
        int n = batch.Length;
        int c = _columns.Length;
        if (_rows == 0 && n > 0) _parts = Math.Max(_parts, 1);
        _rows += n;
        var pool = ArrayPool<ulong>.Shared;
        var hashes = new ulong[c][];
        var rowHashes = pool.Rent(Math.Max(1, n));
        var numbers = new double[_numeric.Length][];
        try
        {
            rowHashes.AsSpan(0, n).Fill(0x9E3779B97F4A7C15);
            for (int k = 0; k < c; k++)
            {
                var column = batch.Column(k);
                _memoryBytes += BufferBytes(column.Data);
                hashes[k] = pool.Rent(Math.Max(1, n));
                var h = hashes[k].AsSpan(0, n);
                if (_columns[k].Hashable)
                {
                    try { ArrowHash.HashColumn(column, h); }
                    catch (NotSupportedException)
                    {
                        // Types the hash kernel cannot hash (unions, list views, run-end encoded) get counts and nulls
                        // only; they are left out of duplicate detection and distinct counts.
                        _columns[k].Hashable = false;
                    }
                }
                if (!_columns[k].Hashable) h.Clear();
                _columns[k].Update(column, h, sequence);
                for (int i = 0; i < n; i++) rowHashes[i] = Mix(rowHashes[i] ^ h[i]);
            }
            for (int i = 0; i < c && _full; i++)
                for (int j = i + 1; j < c; j++)
                    if (_copies[i * c + j] && !hashes[i].AsSpan(0, n).SequenceEqual(hashes[j].AsSpan(0, n)))
                        _copies[i * c + j] = false;

            for (int p = 0; p < _numeric.Length; p++)
            {
                numbers[p] = ArrayPool<double>.Shared.Rent(Math.Max(1, n));
                AlignedValues.Fill(batch.Column(_numeric[p]), numbers[p].AsSpan(0, n));
            }
            UpdatePearson(numbers, n);
            if (_full)
            {
                _mappings.Update(hashes, n);
                _nulls.Update(batch);
            }
            UpdateRows(batch, rowHashes.AsSpan(0, n), numbers, hashes);
        }
        finally
        {
            foreach (var h in hashes) if (h is not null) pool.Return(h);
            foreach (var v in numbers) if (v is not null) ArrayPool<double>.Shared.Return(v);
            pool.Return(rowHashes);
        }
    }

    /// <summary>Batch co-moments of every numeric pair, merged into the running states. The work is handed to
    /// <see cref="ComputeBackends"/>: the vectorised CPU path, or a GPU when one is registered and the batch is big.</summary>
    private void UpdatePearson(double[][] numbers, int n)
    {
        int p = _numeric.Length;
        if (p < 2 || n == 0) return;
        var batch = new CoMomentState[p * p];
        ComputeBackends.For((long)n * p * (p - 1) / 2).CoMoments(numbers, n, batch); // work = rows × pairs
        for (int a = 0; a < p; a++)
            for (int b = a + 1; b < p; b++)
                _pearson[a * p + b].Merge(in batch[a * p + b]);
    }

    private void UpdateRows(RecordBatch batch, ReadOnlySpan<ulong> rowHashes, double[][] numbers, ulong[][] hashes)
    {
        for (int i = 0; i < rowHashes.Length; i++)
        {
            ulong h = rowHashes[i];
            _distinctRows.Add(h);
            if (_rowHashes is not null && !_rowHashes.Add(unchecked((long)h)) && _duplicateExamples.Count < 5)
                _duplicateExamples.Add(string.Join(", ", Enumerable.Range(0, batch.ColumnCount).Select(k => ValueText.Get(batch.Column(k), i) ?? "null")));
            if (_full && _sample.Wants(h))
            {
                var nums = new double[_numeric.Length];
                for (int p = 0; p < nums.Length; p++) nums[p] = numbers[p][i];
                var cats = new ulong[_categorical.Length];
                for (int q = 0; q < cats.Length; q++)
                    cats[q] = batch.Column(_categorical[q]).IsNull(i) ? 0 : hashes[_categorical[q]][i] | 1; // never 0 for a value
                _sample.Add(new RowSample.SampledRow(h, nums, cats));
            }
        }
        if (_rowHashes is not null && _rowHashes.Count > _options.DuplicateHashLimit) _rowHashes = null; // over budget: estimate instead
    }

    /// <inheritdoc />
    public void Merge(IAnalyzer other)
    {
        var o = (TableProfiler)other;
        _rows += o._rows;
        _parts += o._parts;
        _memoryBytes += o._memoryBytes;
        for (int k = 0; k < _columns.Length; k++) _columns[k].Merge(o._columns[k]);
        for (int i = 0; i < _pearson.Length; i++) _pearson[i].Merge(in o._pearson[i]);
        for (int i = 0; i < _copies.Length; i++) _copies[i] &= o._copies[i];
        _sample.Merge(o._sample);
        _mappings.Merge(o._mappings);
        _nulls.Merge(o._nulls);
        _distinctRows.Merge(o._distinctRows);
        if (_rowHashes is not null && o._rowHashes is not null)
        {
            // Cross-worker duplicates have no example row: the counts stay exact.
            _rowHashes.UnionWith(o._rowHashes);
            if (_rowHashes.Count > (long)_options.DuplicateHashLimit * Math.Max(1, _parts)) _rowHashes = null;
        }
        else _rowHashes = null;
        foreach (var e in o._duplicateExamples) if (_duplicateExamples.Count < 5) _duplicateExamples.Add(e);
    }

    /// <summary>Folds the state of a partition that comes after this one in row order (<c>pipeline merge a b</c>):
    /// its batch numbers are shifted past this state's so row-order facts join in partition order.</summary>
    public void MergePartition(TableProfiler later)
    {
        long offset = _columns.Select(c => c.Order?.SequenceEnd ?? 0).DefaultIfEmpty(0).Max();
        foreach (var c in later._columns) c.Order?.ShiftSequences(offset);
        Merge(later);
    }

    /// <summary>The finished profile.</summary>
    public ProfileReport Report() => new ProfileReportBuilder(_options).Build(this);

    /// <summary>The level these options asked for (<see cref="ProfileLevel.Full"/> or <see cref="ProfileLevel.Standard"/>).</summary>
    internal ProfileLevel Level => _options.Level;

    /// <summary>The schema profiled.</summary>
    public Schema Schema => _schema;

    /// <summary>Rows profiled.</summary>
    public long Rows => _rows;

    internal void WriteState(BinaryWriter w)
    {
        w.Write(_rows); w.Write(_memoryBytes);
        foreach (var c in _columns) c.Write(w);
        w.Write(_pearson.Length);
        foreach (var p in _pearson) { w.Write(p.N); w.Write(p.MeanX); w.Write(p.MeanY); w.Write(p.M2X); w.Write(p.M2Y); w.Write(p.C); }
        w.Write(_copies.Length);
        foreach (var c in _copies) w.Write(c);
        _sample.Write(w);
        _mappings.Write(w);
        _nulls.Write(w);
        ProfileStateFile.WriteBytes(w, _distinctRows.Serialize());
        w.Write(_rowHashes is not null);
        if (_rowHashes is not null) { w.Write(_rowHashes.Count); foreach (var h in _rowHashes.ToArray()) w.Write(h); }
        w.Write(_duplicateExamples.Count);
        foreach (var e in _duplicateExamples) w.Write(e);
    }

    internal void ReadState(BinaryReader r)
    {
        _rows = r.ReadInt64(); _memoryBytes = r.ReadInt64();
        _parts = _rows > 0 ? 1 : 0;
        foreach (var c in _columns) c.Read(r);
        if (r.ReadInt32() != _pearson.Length) throw new InvalidDataException("correlation state does not match the schema");
        for (int i = 0; i < _pearson.Length; i++)
            _pearson[i] = new CoMomentState { N = r.ReadInt64(), MeanX = r.ReadDouble(), MeanY = r.ReadDouble(), M2X = r.ReadDouble(), M2Y = r.ReadDouble(), C = r.ReadDouble() };
        if (r.ReadInt32() != _copies.Length) throw new InvalidDataException("column-pair state does not match the schema");
        for (int i = 0; i < _copies.Length; i++) _copies[i] = r.ReadBoolean();
        _sample.Read(r);
        _mappings.Read(r);
        _nulls.Read(r);
        _distinctRows = HyperLogLog.Deserialize(ProfileStateFile.ReadBytes(r));
        if (r.ReadBoolean())
        {
            int n = r.ReadCount();
            _rowHashes = new Int64HashSet();
            for (int i = 0; i < n; i++) _rowHashes.Add(r.ReadInt64());
        }
        else _rowHashes = null;
        int examples = r.ReadCount();
        _duplicateExamples.Clear();
        for (int i = 0; i < examples; i++) _duplicateExamples.Add(r.ReadString());
    }

    internal IReadOnlyList<ColumnState> Columns => _columns;
    internal IReadOnlyList<int> NumericColumns => _numeric;
    internal IReadOnlyList<int> CategoricalColumns => _categorical;
    internal CoMomentState Pearson(int a, int b) => _pearson[a * _numeric.Length + b];
    internal bool IsCopy(int i, int j) => _copies[i * _columns.Length + j];
    internal RowSample Sample => _sample;
    internal MappingState Mappings => _mappings;
    internal NullCooccurrence Nulls => _nulls;
    internal long RowCount => _rows;
    internal long MemoryBytes => _memoryBytes;
    internal (long Count, bool Exact) DuplicateRows => _rowHashes is not null
        ? (_rows - _rowHashes.Count, true)
        : (Math.Max(0, _rows - _distinctRows.Estimate()), false);
    internal IReadOnlyList<string> DuplicateExamples => _duplicateExamples;

    private static ulong Mix(ulong x)
    {
        // splitmix64 finaliser: spreads each column's hash over all bits before the next one is folded in.
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9;
        x ^= x >> 27; x *= 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }

    private static long BufferBytes(ArrayData data)
    {
        long sum = 0;
        foreach (var b in data.Buffers) sum += b.Length;
        foreach (var child in data.Children ?? []) sum += BufferBytes(child);
        if (data.Dictionary is { } dict) sum += BufferBytes(dict);
        return sum;
    }
}
