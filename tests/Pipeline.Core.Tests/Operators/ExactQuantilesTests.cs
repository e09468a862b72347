using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Sort;
using Pipeline.Core.Streams;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class ExactQuantilesTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "quantile-tests-" + Guid.NewGuid().ToString("N"));

    public ExactQuantilesTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    private static readonly Schema Schema = new Schema.Builder().Field(f => f.Name("v").DataType(Int64Type.Default).Nullable(true)).Build();

    /// <summary>Values 0..n-1 in a scrambled order, every 7th null.</summary>
    private static IEnumerable<RecordBatch> Scrambled(int n, int batchSize = 10_000)
    {
        for (int start = 0; start < n; start += batchSize)
        {
            var b = new Int64Array.Builder();
            int end = Math.Min(n, start + batchSize);
            for (int i = start; i < end; i++)
            {
                if (i % 7 == 3) b.AppendNull();
                else b.Append((long)i * 7919 % n);
            }
            yield return new RecordBatch(Schema, [b.Build()], end - start);
        }
    }

    private static double[] Reference(int n, IReadOnlyList<double> probabilities)
    {
        var values = Enumerable.Range(0, n).Where(i => i % 7 != 3).Select(i => (double)((long)i * 7919 % n)).Order().ToArray();
        return [.. probabilities.Select(p =>
        {
            double h = (values.Length - 1) * p;
            int lo = (int)Math.Floor(h);
            int hi = Math.Min(lo + 1, values.Length - 1);
            return h == lo ? values[lo] : values[lo] + (h - lo) * (values[hi] - values[lo]);
        })];
    }

    [Fact]
    public async Task Percentiles_equal_the_sorted_array_answer_in_memory_and_spilled()
    {
        const int n = 300_001;
        var probabilities = new List<double> { 0, 0.5, 1 };
        probabilities.AddRange(ExactQuantiles.Percentiles);
        var expected = Reference(n, probabilities);
        using (var context = Unbounded())
        {
            var result = await ExactQuantiles.ComputeAsync(BatchStream.From(Schema, Scrambled(n)), "v", probabilities, context);
            Assert.Equal(expected, result.Values.Select(v => v!.Value));
            Assert.Equal(0, result.SpilledRuns);
        }
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            var result = await ExactQuantiles.ComputeAsync(BatchStream.From(Schema, Scrambled(n)), "v", probabilities, context);
            Assert.Equal(expected, result.Values.Select(v => v!.Value));
            Assert.True(result.SpilledRuns > 1, $"expected several runs, got {result.SpilledRuns}");
            Assert.Empty(SpillFiles(context));
        }
    }

    [Fact]
    public async Task Under_a_16_MiB_limit_the_percentiles_equal_the_in_memory_ones_on_input_20_times_larger()
    {
        var data = new DistinctTestData(rows: 1_200_000, cycle: 500_000);
        QuantileResult inMemory, spilled;
        using (var context = Unbounded())
            inMemory = await ExactQuantiles.ComputeAsync(BatchStream.From(DistinctTestData.Schema, data.Batches()), "x", ExactQuantiles.Percentiles, context);
        using (var context = Limited(16 * MiB, _spillRoot))
        {
            spilled = await ExactQuantiles.ComputeAsync(BatchStream.From(DistinctTestData.Schema, data.Batches()), "x", ExactQuantiles.Percentiles, context);
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
        Assert.True(spilled.SpilledRuns > 1, $"expected several runs, got {spilled.SpilledRuns}");
        Assert.Equal(inMemory.Count, spilled.Count);
        Assert.Equal(inMemory.Values, spilled.Values);
        // Half the rows (the hot row) hold NaN and a few are null: only the other values are ranked.
        Assert.True(inMemory.Count is > 590_000 and < 600_000, $"{inMemory.Count} values ranked");
    }

    [Fact]
    public async Task A_text_column_is_refused()
    {
        using var context = Unbounded();
        var data = new DistinctTestData(rows: 10, cycle: 5);
        var error = await Assert.ThrowsAsync<PipelineException>(() => ExactQuantiles.ComputeAsync(BatchStream.From(DistinctTestData.Schema, data.Batches()), "s", [0.5], context));
        Assert.Contains("'s'", error.Message);
    }
}
