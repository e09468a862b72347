using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Sort;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class SortOperatorTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "sort-tests-" + Guid.NewGuid().ToString("N"));

    public SortOperatorTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    /// <summary>The reference: LINQ's stable OrderBy over the formatted rows, by k (nulls first), then x descending (nulls last, NaN highest).</summary>
    private static List<string> Reference(DistinctTestData data)
    {
        var rows = new List<(long? K, double? X, string Text)>();
        foreach (var batch in data.Batches())
        {
            using (batch)
            {
                var k = (Int64Array)batch.Column(0);
                var x = (DoubleArray)batch.Column(2);
                var text = Format(batch).ToList();
                for (int r = 0; r < batch.Length; r++) rows.Add((k.GetValue(r), x.GetValue(r), text[r]));
            }
        }
        return [.. rows
            .OrderBy(r => r.K.HasValue ? 1 : 0).ThenBy(r => r.K ?? 0)
            .ThenBy(r => r.X.HasValue ? 0 : 1)
            .ThenByDescending(r => r.X is { } v ? (double.IsNaN(v) ? double.PositiveInfinity : v == 0 ? 0 : v) : 0)
            .ThenByDescending(r => r.X is { } v && double.IsNaN(v) ? 1 : 0)
            .Select(r => r.Text)];
    }

    private static readonly SortKey[] Keys = [new("k", NullsFirst: true), new("x", Descending: true)];

    [Fact]
    public async Task Sorts_stably_by_several_columns_like_linq_in_memory_and_spilled()
    {
        var data = new DistinctTestData(rows: 20_000, cycle: 3000, batchSize: 1000);
        var expected = Reference(data);
        using (var context = Unbounded())
            Assert.Equal(expected, await RowsAsync(new SortOperator(Keys), context, DistinctTestData.Schema, data.Batches()));
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            Assert.Equal(expected, await RowsAsync(new SortOperator(Keys), context, DistinctTestData.Schema, data.Batches()));
            Assert.True(context.SpilledBytes > 5 * MiB, $"spilled only {context.SpilledBytes} bytes");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Fact]
    public async Task Under_a_16_MiB_limit_the_order_equals_the_in_memory_one_on_input_20_times_larger()
    {
        var data = new DistinctTestData(rows: 1_200_000, cycle: 500_000);
        Assert.True(data.StringBytes() > 20 * 16 * MiB, "the input must dwarf the limit");
        (long, string) inMemory;
        using (var context = Unbounded())
            inMemory = await DigestAsync(new SortOperator(Keys), context, DistinctTestData.Schema, data.Batches());
        string folder;
        using (var context = Limited(16 * MiB, _spillRoot))
        {
            var spilled = await DigestAsync(new SortOperator(Keys), context, DistinctTestData.Schema, data.Batches());
            Assert.Equal(inMemory, spilled);
            Assert.True(context.SpilledBytes > 20 * 16 * MiB, $"spilled only {context.SpilledBytes} bytes");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
            Assert.Equal(0, context.Allocator.LiveBytes);
            folder = context.Spill.Directory;
        }
        Assert.Equal(1_200_000, inMemory.Item1);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Spill_files_are_gone_after_a_failure_and_after_cancellation()
    {
        var data = new DistinctTestData(rows: 50_000, cycle: 10_000, batchSize: 1000);
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            var failing = FailingAfter(data.Batches(), 30, new PipelineException(PipelineErrorKind.InvalidInput, "broken input"));
            await Assert.ThrowsAsync<PipelineException>(() => RowsAsync(new SortOperator(Keys), context, DistinctTestData.Schema, failing));
            Assert.True(context.SpilledBytes > 0);
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
        using var cancel = new CancellationTokenSource();
        using (var context = Limited(1 * MiB, _spillRoot, cancel.Token))
        {
            var cancelling = CancellingAfter(data.Batches(), 30, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RowsAsync(new SortOperator(Keys), context, DistinctTestData.Schema, cancelling));
            Assert.True(Directory.Exists(context.Spill.Directory), "the sort should have spilled before the cancellation");
            Assert.Empty(SpillFiles(context));
        }
    }

    [Fact]
    public void A_missing_sort_column_is_named()
    {
        using var context = Unbounded();
        var error = Assert.Throws<PipelineException>(() => new ExternalSort(context, DistinctTestData.Schema, [new SortKey("nope")]));
        Assert.Contains("'nope'", error.Message);
    }
}
