using Apache.Arrow;
using Pipeline.Core.Operators.Aggregate;

namespace Pipeline.Core.Tests.Operators;

/// <summary>
/// Naive LINQ versions of every measure over the non-null values of a group, in input order, written from the
/// definitions (DuckDB's, checked against DuckDB 1.5 where noted) rather than from the operator's code.
/// </summary>
internal static class HashAggregateReference
{
    /// <summary>Doubles ordered as DuckDB orders them: NaN after everything, -0 equal to 0.</summary>
    public static int CompareDoubles(double a, double b)
        => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b);

    private static IComparer<object> Order { get; } = Comparer<object>.Create((a, b) => a switch
    {
        double x => CompareDoubles(x, (double)b),
        string s => string.CompareOrdinal(s, (string)b),
        _ => ((IComparable)a).CompareTo(b),
    });

    /// <summary>The reference value of <paramref name="measure"/> over a group's rows, given the column's values.</summary>
    public static object? Compute(AggregateMeasure measure, IReadOnlyList<AggRow> rows, Func<AggRow, object?> column)
    {
        if (measure.Function == MeasureFunction.CountRows) return (long)rows.Count;
        var values = rows.Select(column).Where(v => v is not null).Select(v => v!).ToList();
        if (measure.Function == MeasureFunction.Count) return (long)values.Count;
        if (measure.Function == MeasureFunction.CountDistinct) return (long)values.Distinct().Count();
        if (values.Count == 0) return null;
        var sorted = values.Order(Order).ToList();
        int n = values.Count;
        switch (measure.Function)
        {
            case MeasureFunction.Sum:
                return values[0] switch
                {
                    double => values.Aggregate(0.0, (s, v) => s + (double)v),
                    decimal => values.Aggregate(0m, (s, v) => s + (decimal)v),
                    _ => (object)values.Aggregate(0L, (s, v) => s + Convert.ToInt64(v)),
                };
            case MeasureFunction.Avg:
                return values.Select(Number).Sum() / n;
            case MeasureFunction.Min: return sorted[0];
            case MeasureFunction.Max: return sorted[^1];
            case MeasureFunction.StdDev or MeasureFunction.Variance:
            {
                if (n < 2) return null;
                var numbers = values.Select(Number).ToList();
                double mean = numbers.Average();
                double variance = numbers.Sum(v => (v - mean) * (v - mean)) / (n - 1);
                return measure.Function == MeasureFunction.Variance ? variance : Math.Sqrt(variance);
            }
            case MeasureFunction.Quantile:
                // The smallest value whose cumulative share reaches q (DuckDB: quantile_disc(x, 0.75) over [1, 2] is 2).
                return sorted[Math.Max(0, (int)Math.Ceiling(n * measure.Quantile) - 1)];
            case MeasureFunction.Median:
            {
                double rn = (n - 1) / 2.0;
                double lo = Number(sorted[(int)Math.Floor(rn)]), hi = Number(sorted[(int)Math.Ceiling(rn)]);
                return lo + (hi - lo) * (rn - Math.Floor(rn));
            }
            case MeasureFunction.Mode:
                // GroupBy keeps first appearance and the ordering is stable: ties go to the value seen first.
                return values.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
            case MeasureFunction.First or MeasureFunction.AnyValue: return values[0];
            case MeasureFunction.Last: return values[^1];
            case MeasureFunction.StringAgg: return string.Join(measure.Separator, values);
            default: throw new NotSupportedException(measure.Function.ToString());
        }
    }

    private static double Number(object value) => value switch
    {
        double d => d,
        decimal m => (double)m,
        _ => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>An output cell as the references produce it (dates as day numbers, decimals as decimal).</summary>
    public static object? Cell(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return null;
        return array switch
        {
            StringArray a => a.GetString(row),
            Int32Array a => a.Values[row],
            Int64Array a => a.Values[row],
            DoubleArray a => a.Values[row],
            Decimal128Array a => a.GetValue(row)!.Value,
            Date32Array a => a.Values[row],
            BooleanArray a => a.GetValue(row)!.Value,
            _ => throw new NotSupportedException(array.Data.DataType.Name),
        };
    }

    /// <summary>Equal, with doubles equal when both are NaN or within 1e-9 relative (moments and averages round differently).</summary>
    public static bool Same(object? expected, object? actual)
    {
        if (expected is double e && actual is double a)
            return (double.IsNaN(e) && double.IsNaN(a)) || e == a || Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(e), Math.Abs(a)));
        return Equals(expected, actual);
    }

    /// <summary>Every output row as cells.</summary>
    public static async Task<List<object?[]>> RunAsync(HashAggregateOperator op, Pipeline.Core.Execution.PipelineContext context, Schema schema, IEnumerable<RecordBatch> batches)
    {
        var rows = new List<object?[]>();
        await OperatorTestKit.RunAsync(op, context, schema, batches, batch =>
        {
            for (int r = 0; r < batch.Length; r++)
                rows.Add([.. Enumerable.Range(0, batch.ColumnCount).Select(c => Cell(batch.Column(c), r))]);
        });
        return rows;
    }
}
