using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Streams;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Analyze.Profile.Summary;

/// <summary>
/// The <see cref="ProfileLevel.Summary"/> profile as a mergeable analyzer: per column what DuckDB's <c>SUMMARIZE</c>
/// gives (type, min, max, approximate distinct count, mean, standard deviation, p25/p50/p75, count, null
/// percentage), nothing across columns. The schema comes from the first batch.
/// </summary>
public sealed class SummaryProfiler : IAnalyzer
{
    private static readonly (string Key, double Q)[] QuantileKeys = [("p25", 0.25), ("p50", 0.5), ("p75", 0.75)];
    private SummaryColumn[]? _columns;
    private Schema? _schema;
    private long _rows, _memoryBytes;

    /// <summary>An empty summary; the columns come from the first batch.</summary>
    public SummaryProfiler() { }

    /// <summary>An empty summary of the columns of <paramref name="schema"/> (for scans that fold columns one by one).</summary>
    internal SummaryProfiler(Schema schema)
    {
        _schema = schema;
        _columns = schema.FieldsList.Select(f => new SummaryColumn(f)).ToArray();
    }

    /// <summary>The state of column <paramref name="index"/> (after the constructor that takes a schema).</summary>
    internal SummaryColumn Column(int index) => _columns![index];

    /// <summary>Sketches every <paramref name="stride"/>-th value of each column for its quantiles.</summary>
    internal void SetQuantileStride(int stride)
    {
        foreach (var c in _columns!) c.QuantileStride = stride;
    }

    /// <summary>Counts rows folded column by column (<see cref="RowGroupSummaryScan"/>).</summary>
    internal void AddRows(long rows) => _rows += rows;

    /// <inheritdoc />
    public string Name => "profile";

    /// <inheritdoc />
    public IAnalyzer CreateEmpty() => new SummaryProfiler();

    /// <inheritdoc />
    public void Update(RecordBatch batch)
    {
        _schema ??= batch.Schema;
        _columns ??= batch.Schema.FieldsList.Select(f => new SummaryColumn(f)).ToArray();
        _rows += batch.Length;
        for (int k = 0; k < _columns.Length; k++)
        {
            var column = batch.Column(k);
            foreach (var b in column.Data.Buffers) _memoryBytes += b.Length;
            _columns[k].Update(column);
        }
    }

    /// <inheritdoc />
    public void Merge(IAnalyzer other)
    {
        var o = (SummaryProfiler)other;
        if (o._columns is null) return;
        if (ReferenceEquals(o, this)) return;
        _rows += o._rows;
        _memoryBytes += o._memoryBytes;
        if (_columns is null) { _columns = o._columns; _schema = o._schema; return; }
        for (int k = 0; k < _columns.Length; k++) _columns[k].Merge(o._columns[k]);
    }

    /// <summary>The summary as a <see cref="ProfileReport"/> (level <c>summary</c>); <paramref name="schema"/> names
    /// the columns when no batch came.</summary>
    public ProfileReport Report(Schema schema)
    {
        var columns = (_columns ?? schema.FieldsList.Select(f => new SummaryColumn(f)).ToArray()).Select(Column).ToList();
        long missing = columns.Sum(c => c.NullCount);
        long cells = _rows * columns.Count;
        return new ProfileReport
        {
            Level = ProfileLevels.Name(ProfileLevel.Summary),
            RowCount = _rows,
            ColumnCount = columns.Count,
            MissingCells = missing,
            MissingCellsPct = cells == 0 ? null : Math.Round(100.0 * missing / cells, 6),
            MemoryBytes = _memoryBytes,
            Columns = columns,
        };
    }

    private static ColumnProfile Column(SummaryColumn c)
    {
        long count = c.Rows - c.Nulls;
        bool boolean = c.Kind == ColumnKind.Boolean;
        long distinct = boolean ? (c.Trues > 0 ? 1 : 0) + (c.Falses > 0 ? 1 : 0) : !c.Hashable ? 0 : Math.Min(count, c.Distinct.Estimate());
        var profile = new ColumnProfile
        {
            Name = c.Field.Name,
            Type = TypeNames.Describe(c.Field.DataType),
            Kind = ColumnKinds.Name(c.Kind),
            SemanticType = ColumnKinds.Name(c.Kind),
            Count = count,
            NullCount = c.Nulls,
            NullPct = c.Rows == 0 ? null : Math.Round(100.0 * c.Nulls / c.Rows, 6),
            DistinctCount = distinct,
            DistinctExact = boolean || count == 0,
            UniquePct = count == 0 ? null : Math.Round(100.0 * distinct / count, 6),
        };
        return c.Kind switch
        {
            ColumnKind.Numeric => Numeric(profile, c),
            ColumnKind.String => profile with
            {
                Min = c.MinText is null ? null : System.Text.Encoding.UTF8.GetString(c.MinText),
                Max = c.MaxText is null ? null : System.Text.Encoding.UTF8.GetString(c.MaxText),
            },
            ColumnKind.Boolean => profile with
            {
                Min = count == 0 ? null : c.Falses > 0 ? "false" : "true",
                Max = count == 0 ? null : c.Trues > 0 ? "true" : "false",
                Boolean = new BooleanProfile(c.Trues, c.Falses, count == 0 ? null : (double)Math.Max(c.Trues, c.Falses) / count),
            },
            ColumnKind.DateTime => DateTimeColumn(profile, c),
            _ => profile,
        };
    }

    private static ColumnProfile Numeric(ColumnProfile p, SummaryColumn c)
    {
        var m = c.Moments;
        bool any = m.Count > 0;
        bool finite = c.Quantiles is { Count: > 0 };
        return p with
        {
            Min = any ? Finite(m.Min) : null,
            Max = any ? Finite(m.Max) : null,
            Mean = any ? Finite(m.Mean) : null,
            Stddev = Finite(m.StdDev),
            Quantiles = finite ? QuantileKeys.ToDictionary(k => k.Key, k => (object?)Finite(c.Quantiles!.Quantile(k.Q))) : null,
            QuantileRankError = finite ? c.Quantiles!.NormalizedRankError + c.SamplingRankError : null,
        };
    }

    private static ColumnProfile DateTimeColumn(ColumnProfile p, SummaryColumn c)
    {
        bool any = c.MaxTicks >= c.MinTicks;
        bool isDate = c.Field.DataType is Date32Type;
        string Show(double ticks)
        {
            var iso = ValueText.Timestamp((long)(ticks / 10), TimeUnit.Microsecond);
            return isDate ? iso[..10] : iso;
        }
        long count = p.Count;
        return p with
        {
            Min = any ? Show(c.MinTicks) : null,
            Max = any ? Show(c.MaxTicks) : null,
            // The mean instant, as DuckDB's avg of a timestamp: the exact tick sum over the count, shown like min and max.
            MeanTime = any && count > 0 ? Show((double)(c.SumTicks / count)) : null,
            Quantiles = any ? QuantileKeys.ToDictionary(k => k.Key, k => (object?)Show(c.Quantiles!.Quantile(k.Q))) : null,
            QuantileRankError = any ? c.Quantiles!.NormalizedRankError + c.SamplingRankError : null,
        };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
