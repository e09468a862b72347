using Pipeline.Kernels;
using Apache.Arrow;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// The mergeable per-worker state of one table rule: rows, nulls, numeric moments (count, sum, min, max and a
/// Welford/Pébay variance, stable where a sum of squares would cancel), the latest time, and for
/// <c>quantile_between</c> the values themselves while there are at most <see cref="ExactQuantileLimit"/> (exact and
/// the same at any parallelism), a KLL sketch past that. Distinct keys are not here: every worker of a run adds
/// them to one shared, memory-bounded <see cref="Keys.IDistinctKeyCounter"/>, so nothing needs merging.
/// </summary>
internal sealed class TableRuleState
{
    /// <summary>Values kept exactly for a quantile before the state switches to a sketch.</summary>
    public const int ExactQuantileLimit = 100_000;

    public long Rows, Nulls;
    public MomentState Moments = new();
    public long? LatestTime;
    private List<double>? _values;
    private KllSketch? _sketch;

    public long NumericCount => Moments.Count;
    public double Sum => Moments.Sum;
    public double Min => Moments.Min;
    public double Max => Moments.Max;

    /// <summary>Folds a batch's column (null for rules without one, or whose column rules cannot read) into the state.</summary>
    public void Update(IArrowArray? column, int length, bool sketch)
    {
        Rows += length;
        if (column is null) return;
        if (sketch && _sketch is null) _values ??= [];
        var folder = new Folder(this);
        ArrowValues.Visit(column, ref folder, 0, length);
    }

    /// <summary>Nulls counted, numbers (NaN aside) into the moments and the quantile, the latest time kept.</summary>
    private readonly struct Folder(TableRuleState state) : IValueVisitor
    {
        public bool ReadsText => false;
        public void Null(int row) => state.Nulls++;
        public void Number(int row, double value)
        {
            if (double.IsNaN(value)) return;
            state.Moments.Add(value);
            state.AddQuantileValue(value);
        }
        public void Text(int row, string value) { }
        public void Time(int row, long micros)
        {
            if (state.LatestTime is null || micros > state.LatestTime) state.LatestTime = micros;
        }
        public void Bool(int row, bool value) { }
    }

    public void Merge(TableRuleState other)
    {
        Rows += other.Rows; Nulls += other.Nulls;
        Moments.Merge(in other.Moments);
        if (other.LatestTime is { } t && (LatestTime is null || t > LatestTime)) LatestTime = t;
        if (other._values is not null)
        {
            if (_sketch is null) _values ??= [];
            foreach (var v in other._values) AddQuantileValue(v);
        }
        if (other._sketch is not null)
        {
            ToSketch();
            _sketch!.Merge(other._sketch);
        }
    }

    private void AddQuantileValue(double d)
    {
        if (_values is not null)
        {
            _values.Add(d);
            if (_values.Count > ExactQuantileLimit) ToSketch();
        }
        else _sketch?.Add(d);
    }

    private void ToSketch()
    {
        if (_sketch is not null) return;
        _sketch = new KllSketch();
        foreach (var v in _values ?? []) _sketch.Add(v);
        _values = null;
    }

    /// <summary>The <paramref name="q"/> quantile: exact (linear interpolation between order statistics, as numpy)
    /// while the values were kept, else the sketch's estimate; null without numbers.</summary>
    public double? Quantile(double q)
    {
        if (_values is { Count: > 0 } values)
        {
            values.Sort();
            double position = q * (values.Count - 1);
            int low = (int)Math.Floor(position);
            int high = Math.Min(low + 1, values.Count - 1);
            return values[low] + (values[high] - values[low]) * (position - low);
        }
        return _sketch is { Count: > 0 } k ? k.Quantile(q) : null;
    }

    /// <summary>The sample standard deviation, or null with fewer than two numbers.</summary>
    public double? StandardDeviation => NumericCount < 2 ? null : Moments.StdDev;

    /// <summary>Writes the state (a run's mergeable state, <c>--state</c>).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Rows); w.Write(Nulls);
        Analyze.Profile.ProfileStateFile.WriteMoments(w, Moments);
        w.Write(LatestTime.HasValue);
        if (LatestTime is { } t) w.Write(t);
        w.Write(_values is not null);
        if (_values is not null)
        {
            w.Write(_values.Count);
            foreach (var v in _values) w.Write(v);
        }
        Analyze.Profile.ProfileStateFile.WriteSketch(w, _sketch);
    }

    /// <summary>Reads a state written by <see cref="Write"/>.</summary>
    public static TableRuleState Read(BinaryReader r)
    {
        var s = new TableRuleState { Rows = r.ReadInt64(), Nulls = r.ReadInt64(), Moments = Analyze.Profile.ProfileStateFile.ReadMoments(r) };
        if (s.Rows < 0 || s.Nulls < 0) throw new InvalidDataException("negative row counts");
        if (r.ReadBoolean()) s.LatestTime = r.ReadInt64();
        if (r.ReadBoolean())
        {
            int n = r.ReadCount(sizeof(double));
            if (n > ExactQuantileLimit + 1) throw new InvalidDataException($"{n} kept values, more than the {ExactQuantileLimit} a state keeps");
            s._values = new List<double>(n);
            for (int i = 0; i < n; i++) s._values.Add(r.ReadDouble());
        }
        s._sketch = Analyze.Profile.ProfileStateFile.ReadSketch(r);
        return s;
    }
}
