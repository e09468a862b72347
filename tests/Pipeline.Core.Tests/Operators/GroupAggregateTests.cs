using System.Globalization;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Aggregate;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class GroupAggregateTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "aggregate-tests-" + Guid.NewGuid().ToString("N"));

    public GroupAggregateTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    private static readonly AggregateSpec[] Aggregates =
    [
        new(AggregateFunction.Count),
        new(AggregateFunction.Count, "x"),
        new(AggregateFunction.Sum, "x"),
        new(AggregateFunction.Min, "x"),
        new(AggregateFunction.Max, "x"),
        new(AggregateFunction.Mean, "x"),
        new(AggregateFunction.CountDistinct, "s"),
        new(AggregateFunction.CountDistinct, "x"),
    ];

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "∅";

    /// <summary>The reference, computed with LINQ over the generated rows grouped by the text of <paramref name="keys"/>.</summary>
    private static List<string> Reference(DistinctTestData data, string[] keys)
    {
        var rows = new List<(string Key, double? X, string? S)>();
        var keyIndex = keys.Select(k => DistinctTestData.Schema.GetFieldIndex(k)).ToArray();
        foreach (var batch in data.Batches())
        {
            using (batch)
            {
                var x = (DoubleArray)batch.Column(2);
                var s = (StringArray)batch.Column(1);
                for (int r = 0; r < batch.Length; r++)
                    rows.Add((string.Join("|", keyIndex.Select(c => Value(batch.Column(c), r))), x.GetValue(r), s.GetString(r)));
            }
        }
        return [.. rows.GroupBy(r => r.Key).Select(g =>
        {
            var xs = g.Where(r => r.X.HasValue).Select(r => r.X!.Value).ToList();
            var ordered = xs.Where(v => !double.IsNaN(v)).ToList();
            double sum = 0;
            foreach (var v in xs) sum += v;
            double? Ext(Func<List<double>, double> f) => xs.Count == 0 ? null : ordered.Count == 0 ? double.NaN : f(ordered);
            return string.Join("|",
                g.Key, g.Count(), xs.Count,
                Number(xs.Count == 0 ? null : sum), Number(Ext(l => l.Min())), Number(Ext(l => l.Max())),
                Number(xs.Count == 0 ? null : sum / xs.Count),
                g.Where(r => r.S is not null).Select(r => r.S).Distinct().Count(),
                xs.Distinct().Count());
        }).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData("k")]
    [InlineData("flag,day")]
    public async Task Aggregates_equal_a_linq_group_by_in_memory_and_spilled(string keyList)
    {
        var keys = keyList.Split(',');
        var data = new DistinctTestData(rows: 20_000, cycle: 3000, batchSize: 1000);
        var expected = Reference(data, keys);
        using (var context = Unbounded())
        {
            var rows = await RowsAsync(new GroupAggregateOperator(keys, Aggregates), context, DistinctTestData.Schema, data.Batches());
            Assert.Equal(expected, rows.Order(StringComparer.Ordinal).ToList());
        }
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            var rows = await RowsAsync(new GroupAggregateOperator(keys, Aggregates), context, DistinctTestData.Schema, data.Batches());
            Assert.Equal(expected, rows.Order(StringComparer.Ordinal).ToList());
            Assert.True(context.SpilledBytes > 0, "the 1 MiB run should have spilled");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Fact]
    public async Task Under_a_16_MiB_limit_the_groups_equal_the_in_memory_ones_on_input_20_times_larger()
    {
        // Key 42 holds half of the rows (the hot row), null keys form one group, and s holds long strings.
        var data = new DistinctTestData(rows: 1_200_000, cycle: 500_000);
        Assert.True(data.StringBytes() > 20 * 16 * MiB, "the input must dwarf the limit");
        (long Rows, string Digest) inMemory;
        using (var context = Unbounded())
            inMemory = await DigestAsync(new GroupAggregateOperator(["k"], Aggregates), context, DistinctTestData.Schema, data.Batches());
        // Groups: the cycle's keys that occur on a non-null row, plus the null group.
        var keys = new HashSet<long>();
        for (int i = 1; i < data.Rows; i += 2)
        {
            if (i % 1000 != 1) keys.Add((i / 2) % 500_000);
        }
        Assert.Equal(keys.Count + 1, inMemory.Rows);
        string folder;
        using (var context = Limited(16 * MiB, _spillRoot))
        {
            var spilled = await DigestAsync(new GroupAggregateOperator(["k"], Aggregates), context, DistinctTestData.Schema, data.Batches());
            Assert.Equal(inMemory, spilled);
            Assert.True(context.SpilledBytes > 16 * MiB, $"spilled only {context.SpilledBytes} bytes");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
            folder = context.Spill.Directory;
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Spill_files_are_gone_after_a_failure()
    {
        var data = new DistinctTestData(rows: 50_000, cycle: 20_000, batchSize: 1000);
        using var context = Limited(1 * MiB, _spillRoot);
        var failing = FailingAfter(data.Batches(), 40, new PipelineException(PipelineErrorKind.InvalidInput, "broken input"));
        await Assert.ThrowsAsync<PipelineException>(() => RowsAsync(new GroupAggregateOperator(["k"], Aggregates), context, DistinctTestData.Schema, failing));
        Assert.True(Directory.Exists(context.Spill.Directory), "the aggregation should have spilled before failing");
        Assert.Empty(SpillFiles(context));
        Assert.Equal(0, context.MemoryPool.Reserved);
    }

    [Fact]
    public void A_sum_over_text_is_refused_with_the_column_named()
    {
        using var context = Unbounded();
        var error = Assert.Throws<PipelineException>(() => new GroupAggregate(context, DistinctTestData.Schema, ["k"], [new AggregateSpec(AggregateFunction.Sum, "s")]));
        Assert.Contains("'s'", error.Message);
    }
}
