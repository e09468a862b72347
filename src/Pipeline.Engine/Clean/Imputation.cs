using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Clean;

/// <summary>Fills nulls: with one value (constant, mean, median, mode) or with the previous / next non-null value
/// in input order, carrying across batch boundaries through the <see cref="FillTable"/>.</summary>
internal static class Imputation
{
    public static (Vec Values, bool[] Imputed) Fill(Vec v, ImputeStep step, ColumnStatistics statistics, long firstRow)
    {
        int n = v.Length;
        var nulls = (bool[])v.Nulls!.Clone();
        var imputed = new bool[n];
        var numbers = (double[]?)v.Numbers?.Clone();
        var strings = (string?[]?)v.Strings?.Clone();
        var times = (long[]?)v.Times?.Clone();
        var bools = (bool[]?)v.Bools?.Clone();

        void Set(int i, object? value)
        {
            if (value is null) return;
            switch (value)
            {
                case double d: numbers![i] = d; break;
                case string s: strings![i] = s; break;
                case long t: times![i] = t; break;
                case bool b: bools![i] = b; break;
            }
            nulls[i] = false;
            imputed[i] = true;
        }

        object? Get(int i) => v.Kind switch
        {
            ValueKind.Number => v.Numbers![i],
            ValueKind.String => v.Strings![i],
            ValueKind.Time => v.Times![i],
            _ => v.Bools![i],
        };

        switch (step.Strategy)
        {
            case ImputeStrategy.ForwardFill:
            {
                object? carry = v.IsNull(0) ? statistics.Fill?.Before(firstRow) : null;
                for (int i = 0; i < n; i++)
                {
                    if (!v.IsNull(i)) { carry = Get(i); continue; }
                    Set(i, carry);
                }
                break;
            }
            case ImputeStrategy.BackwardFill:
            {
                object? carry = v.IsNull(n - 1) ? statistics.Fill?.After(firstRow + n - 1) : null;
                for (int i = n - 1; i >= 0; i--)
                {
                    if (!v.IsNull(i)) { carry = Get(i); continue; }
                    Set(i, carry);
                }
                break;
            }
            default:
                for (int i = 0; i < n; i++) if (v.IsNull(i)) Set(i, statistics.ImputeValue);
                break;
        }
        return (new Vec { Kind = v.Kind, Length = n, Numbers = numbers, Strings = strings, Times = times, Bools = bools, Nulls = nulls }, imputed);
    }
}
