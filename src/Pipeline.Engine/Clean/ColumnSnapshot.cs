using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Clean;

/// <summary>Mergeable summary of a column's values before or after cleaning (nulls; for numbers min, max, mean).</summary>
internal sealed class ColumnSnapshot
{
    public long Rows, Nulls, Numbers;
    public double Sum, Min = double.PositiveInfinity, Max = double.NegativeInfinity;

    public void Add(Vec v)
    {
        Rows += v.Length;
        for (int i = 0; i < v.Length; i++)
        {
            if (v.IsNull(i)) { Nulls++; continue; }
            if (v.Kind != ValueKind.Number) continue;
            double d = v.Numbers![i];
            if (double.IsNaN(d)) continue;
            Numbers++; Sum += d;
            if (d < Min) Min = d;
            if (d > Max) Max = d;
        }
    }

    public void Merge(ColumnSnapshot o)
    {
        Rows += o.Rows; Nulls += o.Nulls; Numbers += o.Numbers; Sum += o.Sum;
        Min = Math.Min(Min, o.Min); Max = Math.Max(Max, o.Max);
    }

    public Results.CleaningStats ToResult() => new(Rows, Nulls,
        Numbers == 0 ? null : Min, Numbers == 0 ? null : Max, Numbers == 0 ? null : Math.Round(Sum / Numbers, 9));
}
