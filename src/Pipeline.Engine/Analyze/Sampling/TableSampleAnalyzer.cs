using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Analyze.Sampling;

/// <summary>
/// Keeps a bounded sample of whole rows in the run's single pass: the <see cref="DefaultCapacity"/> rows with the
/// smallest hash of their position (batch number, row in batch), so a table of at most that many rows is kept whole
/// and a larger one is sampled uniformly. The position hash is one multiply per row; only rows that enter the sample
/// are read, so the pass barely notices it. Mergeable, and the same for the same input and batch size whatever the
/// parallelism. At most <see cref="MaxColumns"/> columns (numbers, dates, text, booleans).
/// </summary>
public sealed class TableSampleAnalyzer(int capacity = TableSampleAnalyzer.DefaultCapacity) : IOrderedAnalyzer
{
    /// <summary>Rows kept by default.</summary>
    public const int DefaultCapacity = 20_000;
    /// <summary>Most columns kept.</summary>
    public const int MaxColumns = 64;

    private readonly PriorityQueue<SampledRow, ulong> _heap = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));
    private string[]? _names;
    private ColumnKind[] _kinds = [];
    private long _rows, _nextSequence;
    /// <summary>The largest hash kept once the sample is full (a row must beat it to enter); the maximum before.</summary>
    private ulong _threshold = ulong.MaxValue;

    private sealed record SampledRow(ulong Hash, double[] Numbers, string?[] Texts);

    /// <inheritdoc/>
    public string Name => "report_sample";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new TableSampleAnalyzer(capacity);

    /// <inheritdoc/>
    public void Update(RecordBatch batch) => Update(batch, _nextSequence++);

    /// <inheritdoc/>
    public void Update(RecordBatch batch, long sequence)
    {
        if (_names is null) Start(batch.Schema);
        _rows += batch.Length;
        ulong seed = Mix((ulong)sequence * 0x9E3779B97F4A7C15UL);
        for (int i = 0; i < batch.Length; i++)
        {
            ulong hash = Mix(seed ^ (ulong)i);
            if (hash >= _threshold) continue;
            Add(Read(batch, i, hash), hash);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (TableSampleAnalyzer)other;
        if (o._names is null) return;
        if (_names is null) (_names, _kinds) = (o._names, o._kinds);
        _rows += o._rows;
        foreach (var (row, hash) in o._heap.UnorderedItems)
            if (hash < _threshold) Add(row, hash);
    }

    private void Add(SampledRow row, ulong hash)
    {
        if (_heap.Count < capacity) _heap.Enqueue(row, hash);
        else _heap.EnqueueDequeue(row, hash);
        if (_heap.Count >= capacity && _heap.TryPeek(out _, out var worst)) _threshold = worst;
    }

    /// <summary>The sample, rows in hash order (deterministic).</summary>
    public TableSample Result()
    {
        if (_names is null) return TableSample.Empty;
        var rows = _heap.UnorderedItems.Select(x => x.Element).OrderBy(r => r.Hash).ToList();
        var columns = new List<SampleColumn>();
        int number = 0, text = 0;
        for (int c = 0; c < _names.Length; c++)
        {
            switch (_kinds[c])
            {
                case ColumnKind.Numeric or ColumnKind.DateTime:
                    int n = number++;
                    columns.Add(new SampleColumn(_names[c], _kinds[c], rows.Select(r => r.Numbers[n]).ToArray(), null));
                    break;
                case ColumnKind.String or ColumnKind.Boolean:
                    int t = text++;
                    columns.Add(new SampleColumn(_names[c], _kinds[c], null, rows.Select(r => r.Texts[t]).ToArray()));
                    break;
            }
        }
        return new TableSample(_rows, rows.Count, columns);
    }

    private void Start(Schema schema)
    {
        var fields = schema.FieldsList.Take(MaxColumns).ToList();
        _names = fields.Select(f => f.Name).ToArray();
        _kinds = fields.Select(f => ColumnKinds.Of(f.DataType)).ToArray();
    }

    private SampledRow Read(RecordBatch batch, int row, ulong hash)
    {
        var numbers = new List<double>();
        var texts = new List<string?>();
        for (int c = 0; c < _names!.Length; c++)
        {
            var column = batch.Column(c);
            switch (_kinds[c])
            {
                case ColumnKind.Numeric: numbers.Add(Number(column, row)); break;
                case ColumnKind.DateTime: numbers.Add(Seconds(column, row)); break;
                case ColumnKind.String or ColumnKind.Boolean: texts.Add(ValueText.Get(column, row)); break;
            }
        }
        return new SampledRow(hash, [.. numbers], [.. texts]);
    }

    private static double Number(IArrowArray column, int row)
    {
        if (column.IsNull(row)) return double.NaN;
        return column switch
        {
            DoubleArray d => d.Values[row],
            FloatArray f => f.Values[row],
            Int64Array l => l.Values[row],
            Int32Array i => i.Values[row],
            _ => double.TryParse(ValueText.Get(column, row), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN,
        };
    }

    private static double Seconds(IArrowArray column, int row)
    {
        if (column.IsNull(row)) return double.NaN;
        long? ticks = column switch
        {
            Date32Array d => d.Values[row] * TimeSpan.TicksPerDay,
            Date64Array d => d.Values[row] * TimeSpan.TicksPerMillisecond,
            TimestampArray t => ValueText.TimestampTicks(t.Values[row], ((TimestampType)t.Data.DataType).Unit),
            _ => null,
        };
        return ticks is { } v ? v / (double)TimeSpan.TicksPerSecond : double.NaN;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 30; x *= 0xBF58476D1CE4E5B9;
        x ^= x >> 27; x *= 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
