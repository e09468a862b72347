using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Sort;

/// <summary>
/// Exact quantiles of a numeric column over sorted runs: the column's non-null, non-NaN values (as doubles, 8 bytes
/// each) go through an <see cref="ExternalSort"/>, which spills sorted runs past the memory budget, and the merged
/// order is read once, picking the ranks the probabilities need. Interpolation is linear between the two closest
/// ranks (<c>h = (n - 1) p</c>, numpy's default and R's type 7), so p = 0 is the minimum and p = 1 the maximum.
/// </summary>
public static class ExactQuantiles
{
    /// <summary>The probabilities 0.01, 0.02, ..., 0.99.</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [.. Enumerable.Range(1, 99).Select(i => i / 100.0)];

    /// <summary>Computes the quantiles of <paramref name="column"/> over every batch of <paramref name="input"/> (taking ownership of it).</summary>
    /// <exception cref="PipelineException">The column is missing or not numeric, or a probability is outside [0, 1].</exception>
    public static async Task<QuantileResult> ComputeAsync(IArrowArrayStream input, string column, IReadOnlyList<double> probabilities, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(context);
        using var stream = input;
        if (probabilities.Any(p => !(p >= 0 && p <= 1)))
            throw new PipelineException(PipelineErrorKind.InvalidInput, "quantile probabilities must lie between 0 and 1");
        int index = stream.Schema.GetFieldIndex(column);
        if (index < 0) throw new PipelineException(PipelineErrorKind.Schema, $"quantile column '{column}' is not in the input");
        if (!NumericValues.IsNumeric(stream.Schema.FieldsList[index].DataType))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"column '{column}' has type {stream.Schema.FieldsList[index].DataType.Name}; exact quantiles need numbers");

        var schema = new Schema.Builder().Field(f => f.Name("v").DataType(DoubleType.Default).Nullable(false)).Build();
        using var sort = new ExternalSort(context, schema, [new SortKey("v")], $"quantiles-{column}");
        long n = 0;
        double[] values = [];
        bool[] valid = [];
        while (await stream.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                int rows = batch.Length;
                if (values.Length < rows) { values = new double[rows]; valid = new bool[rows]; }
                NumericValues.Read(batch.Column(index), column, values, valid);
                var kept = new DoubleArray.Builder();
                for (int r = 0; r < rows; r++)
                {
                    if (valid[r] && !double.IsNaN(values[r])) kept.Append(values[r]);
                }
                if (kept.Length == 0) continue;
                n += kept.Length;
                sort.Add(new RecordBatch(schema, [kept.Build()], kept.Length));
            }
        }

        // The ranks each probability needs, and where their values go.
        var wanted = new SortedDictionary<long, double>();
        var positions = probabilities.Select(p => (n - 1) * p).ToArray();
        foreach (double h in positions)
        {
            if (n == 0) break;
            long lo = (long)Math.Floor(h);
            wanted[lo] = 0;
            wanted[Math.Min(lo + 1, n - 1)] = 0;
        }
        long rank = 0;
        foreach (var sorted in sort.Finish())
        {
            using (sorted)
            {
                var sortedValues = (DoubleArray)sorted.Column(0);
                long start = rank, end = rank + sortedValues.Length;
                foreach (long r in wanted.Keys.Where(r => r >= start && r < end).ToList())
                    wanted[r] = sortedValues.Values[(int)(r - start)];
                rank = end;
            }
        }
        var result = positions.Select(h =>
        {
            if (n == 0) return (double?)null;
            long lo = (long)Math.Floor(h);
            double low = wanted[lo], high = wanted[Math.Min(lo + 1, n - 1)];
            return h == lo ? low : low + (h - lo) * (high - low);
        }).ToList();
        return new QuantileResult(column, n, [.. probabilities], result, sort.SpilledRuns);
    }
}
