using Apache.Arrow;
using Pipeline.Core.Streams;
using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// A bounded, time-ordered sample of the numeric columns against the first date or timestamp column, for trend,
/// seasonality, gap and spike detection. Every point is kept while there are at most <see cref="MaxPoints"/>; past
/// that the points are averaged into at most <see cref="MaxBuckets"/> buckets whose width is a power of two of ticks,
/// aligned to the epoch. The width is the smallest that fits, so merging partitions gives the single-pass result.
/// </summary>
internal sealed class TimeSeriesAnalyzer : IAnalyzer
{
    /// <summary>Points kept exactly.</summary>
    public const int MaxPoints = 50_000;
    /// <summary>Buckets kept once the points no longer fit.</summary>
    public const int MaxBuckets = 16_384;
    /// <summary>Numeric columns followed.</summary>
    public const int MaxColumns = 6;

    private string? _timeColumn;
    private string[] _columns = [];
    private bool _initialised;
    private List<long> _ticks = [];
    private List<double>[] _values = [];
    private Dictionary<long, TimeBucket>? _buckets;
    private long _width = 1;
    private long _points;
    private long _lastKey;
    private TimeBucket? _lastBucket;

    /// <inheritdoc/>
    public string Name => "report_series";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new TimeSeriesAnalyzer();

    /// <inheritdoc/>
    public void Update(RecordBatch batch)
    {
        if (!_initialised) Initialise(batch.Schema);
        if (_timeColumn is null || batch.Length == 0) return;
        var ticks = ColumnValues.Ticks(batch.Column(_timeColumn));
        var values = _columns.Select(c => ColumnValues.Numbers(batch.Column(c))).ToArray();
        for (int i = 0; i < batch.Length; i++)
        {
            if (ticks[i] is not { } t) continue;
            _points++;
            if (_buckets is null)
            {
                _ticks.Add(t);
                for (int c = 0; c < _columns.Length; c++) _values[c].Add(values[c][i]);
            }
            else
            {
                var bucket = BucketOf(t);
                for (int c = 0; c < _columns.Length; c++) bucket.Add(c, values[c][i]);
            }
        }
        if (_buckets is null && _ticks.Count > MaxPoints) ToBuckets();
        else if (_buckets is not null) Narrow();
    }

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (TimeSeriesAnalyzer)other;
        if (!o._initialised) return;
        if (!_initialised) { (_timeColumn, _columns, _initialised) = (o._timeColumn, o._columns, true); _values = _columns.Select(_ => new List<double>()).ToArray(); }
        if (_timeColumn is null) return;
        _points += o._points;
        if (_buckets is null && o._buckets is null && _ticks.Count + o._ticks.Count <= MaxPoints)
        {
            _ticks.AddRange(o._ticks);
            for (int c = 0; c < _columns.Length; c++) _values[c].AddRange(o._values[c]);
            return;
        }
        if (_buckets is null) ToBuckets();
        if (o._buckets is null)
        {
            // Their points go straight into our buckets (no bucket of width 1 per point on the way).
            for (int i = 0; i < o._ticks.Count; i++)
            {
                var bucket = BucketOf(o._ticks[i]);
                for (int c = 0; c < _columns.Length; c++) bucket.Add(c, o._values[c][i]);
            }
            Narrow();
            return;
        }
        Widen(Math.Max(_width, o._width));
        foreach (var (key, bucket) in o._buckets)
        {
            long k = Shift(key, o._width, _width);
            if (_buckets!.TryGetValue(k, out var mine)) mine.Merge(bucket);
            else _buckets[k] = bucket;
        }
        _lastBucket = null;
        Narrow();
    }

    /// <summary>The series in time order (bucket means once bucketed), or null without a time column or rows.</summary>
    public TimeSeriesSample? Result()
    {
        if (_timeColumn is null || _columns.Length == 0 || _points == 0) return null;
        if (_buckets is not null)
        {
            var keys = _buckets.Keys.Order().ToArray();
            return new TimeSeriesSample(_timeColumn, _columns, keys.Select(k => k * _width + _width / 2).ToArray(),
                _columns.Select((_, c) => keys.Select(k => _buckets[k].Mean(c)).ToArray()).ToArray(), _width, _points);
        }
        var order = Enumerable.Range(0, _ticks.Count).ToArray();
        System.Array.Sort(order, (a, b) =>
        {
            int byTime = _ticks[a].CompareTo(_ticks[b]);
            return byTime != 0 ? byTime : _values.Length == 0 ? 0 : _values[0][a].CompareTo(_values[0][b]);
        });
        return new TimeSeriesSample(_timeColumn, _columns, order.Select(i => _ticks[i]).ToArray(),
            _columns.Select((_, c) => order.Select(i => _values[c][i]).ToArray()).ToArray(), 0, _points);
    }

    private void Initialise(Schema schema)
    {
        _initialised = true;
        _timeColumn = schema.FieldsList.FirstOrDefault(f => ColumnKinds.Of(f.DataType) == ColumnKind.DateTime)?.Name;
        _columns = schema.FieldsList.Where(f => ColumnKinds.Of(f.DataType) == ColumnKind.Numeric).Take(MaxColumns).Select(f => f.Name).ToArray();
        _values = _columns.Select(_ => new List<double>()).ToArray();
    }

    private TimeBucket BucketOf(long ticks)
    {
        long key = FloorDiv(ticks, _width);
        // Rows in time order fall into the same bucket many times in a row.
        if (_lastBucket is { } last && _lastKey == key) return last; // reset whenever the width changes
        if (!_buckets!.TryGetValue(key, out var bucket)) _buckets[key] = bucket = new TimeBucket(_columns.Length);
        (_lastKey, _lastBucket) = (key, bucket);
        return bucket;
    }

    /// <summary>Turns the kept points into buckets, starting at the power-of-two width that their time span needs
    /// (widening one doubling at a time from a single tick would rebuild the buckets some forty times).</summary>
    private void ToBuckets()
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (long t in _ticks) { min = Math.Min(min, t); max = Math.Max(max, t); }
        long width = 1;
        if (_ticks.Count > 0)
        {
            UInt128 span = (UInt128)((Int128)max - min) + 1;
            while (width < (1L << 62) && span / (UInt128)width >= MaxBuckets) width *= 2;
        }
        _lastBucket = null;
        _buckets = new Dictionary<long, TimeBucket>();
        _width = width;
        for (int i = 0; i < _ticks.Count; i++)
        {
            var bucket = BucketOf(_ticks[i]);
            for (int c = 0; c < _columns.Length; c++) bucket.Add(c, _values[c][i]);
        }
        _ticks = [];
        _values = _columns.Select(_ => new List<double>()).ToArray();
        Narrow();
    }

    /// <summary>Doubles the bucket width until the buckets fit.</summary>
    private void Narrow()
    {
        while (_buckets!.Count > MaxBuckets) Widen(_width * 2);
    }

    private void Widen(long width)
    {
        if (width <= _width) return;
        var wider = new Dictionary<long, TimeBucket>();
        foreach (var (key, bucket) in _buckets!)
        {
            long k = Shift(key, _width, width);
            if (wider.TryGetValue(k, out var target)) target.Merge(bucket);
            else wider[k] = bucket;
        }
        _buckets = wider;
        _width = width;
        _lastBucket = null;
    }

    private static long Shift(long key, long from, long to) => to == from ? key : FloorDiv(key, to / from);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// <summary>A time-ordered series of numeric columns.</summary>
/// <param name="TimeColumn">The date or timestamp column the values are ordered by.</param>
/// <param name="Columns">The numeric columns.</param>
/// <param name="Ticks">Each point's time (ticks since the Unix epoch; the bucket's middle once bucketed).</param>
/// <param name="Values">Per column, each point's value (NaN where null; the bucket mean once bucketed).</param>
/// <param name="BucketTicks">Bucket width in ticks, or 0 when every point was kept.</param>
/// <param name="Points">Rows with a time value.</param>
public sealed record TimeSeriesSample(string TimeColumn, IReadOnlyList<string> Columns, long[] Ticks, double[][] Values, long BucketTicks, long Points);
