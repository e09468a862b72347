using Pipeline.Engine.Validate.Expressions;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// The mergeable per-worker state of one table rule: rows, nulls, numeric count/sum/sum of squares/min/max, the
/// latest time, and a KLL sketch for <c>quantile_between</c>. Distinct keys are not here: every worker of a run adds
/// them to one shared, memory-bounded <see cref="IDistinctKeyCounter"/>, so nothing needs merging.
/// </summary>
internal sealed class TableRuleState
{
    public long Rows, Nulls, NumericCount;
    public double Sum, SumSquares, Min = double.PositiveInfinity, Max = double.NegativeInfinity;
    public long? LatestTime;
    public KllSketch? Sketch;

    /// <summary>Folds a batch's column (null for rules without one) into the state.</summary>
    public void Update(Vec? v, int length, bool sketch)
    {
        Rows += length;
        if (v is null) return;
        if (sketch) Sketch ??= new KllSketch();
        for (int i = 0; i < length; i++)
        {
            if (v.IsNull(i)) { Nulls++; continue; }
            if (v.Kind == ValueKind.Number)
            {
                double d = v.Numbers![i];
                if (double.IsNaN(d)) continue;
                NumericCount++; Sum += d; SumSquares += d * d;
                if (d < Min) Min = d;
                if (d > Max) Max = d;
                Sketch?.Add(d);
            }
            else if (v.Kind == ValueKind.Time && (LatestTime is null || v.Times![i] > LatestTime)) LatestTime = v.Times![i];
        }
    }

    public void Merge(TableRuleState other)
    {
        Rows += other.Rows; Nulls += other.Nulls; NumericCount += other.NumericCount; Sum += other.Sum; SumSquares += other.SumSquares;
        Min = Math.Min(Min, other.Min); Max = Math.Max(Max, other.Max);
        if (other.LatestTime is { } t && (LatestTime is null || t > LatestTime)) LatestTime = t;
        if (other.Sketch is not null)
        {
            Sketch ??= new KllSketch();
            Sketch.Merge(other.Sketch);
        }
    }

    /// <summary>The sample standard deviation, or null with fewer than two numbers.</summary>
    public double? StandardDeviation
    {
        get
        {
            if (NumericCount < 2) return null;
            double mean = Sum / NumericCount;
            double variance = (SumSquares - NumericCount * mean * mean) / (NumericCount - 1);
            return Math.Sqrt(Math.Max(0, variance));
        }
    }
}
