using Pipeline.Kernels;
namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Row-order facts about one numeric or date/time column: whether the values only rise or only fall, and, for
/// date/time columns, the steps between consecutive values (the regular interval of a time series and its gaps).
/// Workers see batches out of order, so each batch leaves a small segment summary tagged with its sequence number;
/// the report orders the segments and joins them, adding the step across each batch boundary.
/// </summary>
/// <remarks>Memory: one segment per batch (about 150 for 10M rows), a step histogram capped at
/// <see cref="StepLimit"/> distinct steps, and the <see cref="GapExamples"/> largest steps.</remarks>
/// <param name="time">True for date/time columns (values arrive as ticks through <see cref="AddTicks"/>).</param>
internal sealed class OrderState(bool time)
{
    private readonly bool _time = time;

    /// <summary>Distinct step lengths counted exactly; past it the series is too irregular for gap detection.</summary>
    public const int StepLimit = 1024;
    /// <summary>Largest steps kept as examples.</summary>
    public const int GapExamples = 5;

    public record struct Segment(long Sequence, long Count, double First, double Last, long FirstTicks, long LastTicks,
        bool Rising, bool Falling, bool StrictlyRising, bool StrictlyFalling);

    private readonly List<Segment> _segments = [];
    private readonly Dictionary<long, long> _steps = [];
    private readonly List<(long Step, long From)> _largest = [];
    private long _stepOverflow;

    /// <summary>Folds one batch's numeric values in row order (NaN skipped).</summary>
    public void Add(long sequence, ReadOnlySpan<double> values)
    {
        long count = 0;
        double first = 0, previous = 0;
        bool rising = true, falling = true, strictlyRising = true, strictlyFalling = true;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) continue;
            if (count++ == 0) { first = previous = v; continue; }
            Compare(previous, v, ref rising, ref falling, ref strictlyRising, ref strictlyFalling);
            previous = v;
        }
        if (count > 0) _segments.Add(new Segment(sequence, count, first, previous, 0, 0, rising, falling, strictlyRising, strictlyFalling));
    }

    /// <summary>Folds one batch's date/time values (ticks) in row order, with the steps between them.</summary>
    public void AddTicks(long sequence, ReadOnlySpan<long> ticks)
    {
        int n = ticks.Length;
        if (n == 0) return;
        bool rising = true, falling = true, strictlyRising = true, strictlyFalling = true;
        for (int i = 1; i < n; i++)
        {
            Compare(ticks[i - 1], ticks[i], ref rising, ref falling, ref strictlyRising, ref strictlyFalling);
            AddStep(ticks[i] - ticks[i - 1], ticks[i - 1]);
        }
        _segments.Add(new Segment(sequence, n, ticks[0], ticks[n - 1], ticks[0], ticks[n - 1], rising, falling, strictlyRising, strictlyFalling));
    }

    private static void Compare<T>(T a, T b, ref bool rising, ref bool falling, ref bool strictlyRising, ref bool strictlyFalling) where T : IComparable<T>
    {
        int order = b.CompareTo(a);
        if (order < 0) { rising = false; strictlyRising = false; }
        else if (order > 0) { falling = false; strictlyFalling = false; }
        else { strictlyRising = false; strictlyFalling = false; }
    }

    private void AddStep(long step, long from)
    {
        if (_steps.TryGetValue(step, out long count)) _steps[step] = count + 1;
        else if (_steps.Count < StepLimit) _steps[step] = 1;
        else _stepOverflow++;
        if (_largest.Count < GapExamples || step > _largest[^1].Step)
        {
            _largest.Add((step, from));
            _largest.Sort((x, y) => y.Step != x.Step ? y.Step.CompareTo(x.Step) : x.From.CompareTo(y.From));
            if (_largest.Count > GapExamples) _largest.RemoveAt(GapExamples);
        }
    }

    /// <summary>Folds another worker's state (same sequence numbering).</summary>
    public void Merge(OrderState other)
    {
        _segments.AddRange(other._segments);
        foreach (var (step, count) in other._steps)
        {
            if (_steps.TryGetValue(step, out long c)) _steps[step] = c + count;
            else if (_steps.Count < StepLimit) _steps[step] = count;
            else _stepOverflow += count;
        }
        _stepOverflow += other._stepOverflow;
        foreach (var (step, from) in other._largest) AddStepExample(step, from);
    }

    private void AddStepExample(long step, long from)
    {
        _largest.Add((step, from));
        _largest.Sort((x, y) => y.Step != x.Step ? y.Step.CompareTo(x.Step) : x.From.CompareTo(y.From));
        if (_largest.Count > GapExamples) _largest.RemoveAt(GapExamples);
    }

    /// <summary>Renumbers this state's segments to follow <paramref name="offset"/> batches (a later partition).</summary>
    public void ShiftSequences(long offset)
    {
        for (int i = 0; i < _segments.Count; i++) _segments[i] = _segments[i] with { Sequence = _segments[i].Sequence + offset };
    }

    /// <summary>One past the highest sequence number seen (0 when empty).</summary>
    public long SequenceEnd => _segments.Count == 0 ? 0 : _segments.Max(s => s.Sequence) + 1;

    /// <summary><c>strictly_increasing</c>, <c>increasing</c>, <c>strictly_decreasing</c>, <c>decreasing</c>,
    /// <c>constant</c>, or <c>none</c>; null with fewer than two values.</summary>
    public string? Monotonicity()
    {
        var ordered = _segments.OrderBy(s => s.Sequence).ToList();
        if (ordered.Sum(s => s.Count) < 2) return null;
        bool rising = true, falling = true, strictlyRising = true, strictlyFalling = true;
        for (int i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            rising &= s.Rising; falling &= s.Falling; strictlyRising &= s.StrictlyRising; strictlyFalling &= s.StrictlyFalling;
            if (i == 0) continue;
            if (_time)
                Compare(ordered[i - 1].LastTicks, s.FirstTicks, ref rising, ref falling, ref strictlyRising, ref strictlyFalling);
            else Compare(ordered[i - 1].Last, s.First, ref rising, ref falling, ref strictlyRising, ref strictlyFalling);
        }
        if (rising && falling) return "constant";
        if (strictlyRising) return "strictly_increasing";
        if (rising) return "increasing";
        if (strictlyFalling) return "strictly_decreasing";
        if (falling) return "decreasing";
        return "none";
    }

    /// <summary>The regular step of a time series and its gaps, or null when the steps are too irregular (no single
    /// positive step makes up at least <paramref name="regularShare"/> of them) or there are too few values.</summary>
    public TimeSteps? Steps(double regularShare = 0.8)
    {
        var steps = new Dictionary<long, long>(_steps);
        long overflow = _stepOverflow;
        var largest = new List<(long Step, long From)>(_largest);
        var ordered = _segments.OrderBy(s => s.Sequence).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            // The step across a batch boundary.
            long step = ordered[i].FirstTicks - ordered[i - 1].LastTicks;
            if (steps.TryGetValue(step, out long c)) steps[step] = c + 1;
            else if (steps.Count < StepLimit) steps[step] = 1;
            else overflow++;
            largest.Add((step, ordered[i - 1].LastTicks));
        }
        long total = steps.Values.Sum() + overflow;
        if (total < 2) return null;
        var (mode, modeCount) = steps.Where(kv => kv.Key > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).FirstOrDefault();
        if (mode <= 0 || modeCount < regularShare * total) return null;
        long gaps = 0, missing = 0;
        foreach (var (step, count) in steps)
        {
            if (step <= mode * 3 / 2) continue;
            gaps += count;
            missing += count * (long)Math.Round((double)step / mode - 1);
        }
        var examples = largest.Where(g => g.Step > mode * 3 / 2).OrderByDescending(g => g.Step).ThenBy(g => g.From).Take(GapExamples)
            .Select(g => new TimeGap(g.From, g.From + g.Step)).ToList();
        return new TimeSteps(mode, (double)modeCount / total, gaps, missing, steps.Where(kv => kv.Key < 0).Sum(kv => kv.Value), examples);
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_segments.Count);
        foreach (var s in _segments)
        {
            w.Write(s.Sequence); w.Write(s.Count); w.Write(s.First); w.Write(s.Last); w.Write(s.FirstTicks); w.Write(s.LastTicks);
            w.Write(s.Rising); w.Write(s.Falling); w.Write(s.StrictlyRising); w.Write(s.StrictlyFalling);
        }
        w.Write(_steps.Count);
        foreach (var (step, count) in _steps) { w.Write(step); w.Write(count); }
        w.Write(_stepOverflow);
        w.Write(_largest.Count);
        foreach (var (step, from) in _largest) { w.Write(step); w.Write(from); }
    }

    public void Read(BinaryReader r)
    {
        _segments.Clear(); _steps.Clear(); _largest.Clear();
        int segments = r.ReadCount();
        for (int i = 0; i < segments; i++)
            _segments.Add(new Segment(r.ReadInt64(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64(),
                r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean()));
        int steps = r.ReadCount();
        for (int i = 0; i < steps; i++) _steps[r.ReadInt64()] = r.ReadInt64();
        _stepOverflow = r.ReadInt64();
        int largest = r.ReadCount(0);
        for (int i = 0; i < largest; i++) _largest.Add((r.ReadInt64(), r.ReadInt64()));
    }
}

/// <summary>The steps between consecutive values of a date/time column, in .NET ticks.</summary>
/// <param name="Step">The regular (most common positive) step.</param>
/// <param name="RegularShare">Share of all steps equal to it.</param>
/// <param name="Gaps">Steps longer than 1.5 regular steps.</param>
/// <param name="MissingSteps">Regular steps that would fill the gaps.</param>
/// <param name="Backwards">Steps that go back in time (out-of-order rows).</param>
/// <param name="Examples">The largest gaps.</param>
internal sealed record TimeSteps(long Step, double RegularShare, long Gaps, long MissingSteps, long Backwards, IReadOnlyList<TimeGap> Examples);

/// <summary>A gap between two consecutive timestamps (ticks since the Unix epoch).</summary>
internal sealed record TimeGap(long From, long To);
