using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Dedup;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class DedupOperatorTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "dedup-tests-" + Guid.NewGuid().ToString("N"));

    public DedupOperatorTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    /// <summary>The reference: the rows (as text) whose index is the first or last of their key's, in input order.</summary>
    private static List<string> Reference(DistinctTestData data, int[] keyColumns, DedupKeep keep)
    {
        var rows = data.Batches().SelectMany(b =>
        {
            using (b) return Format(b).ToList();
        }).ToList();
        string KeyOf(string row)
        {
            var parts = row.Split('|');
            return keyColumns.Length == 0 ? row : string.Join("|", keyColumns.Select(c => parts[c]));
        }
        var winners = new Dictionary<string, int>();
        for (int i = 0; i < rows.Count; i++)
        {
            var key = KeyOf(rows[i]);
            if (keep == DedupKeep.Last || !winners.ContainsKey(key)) winners[key] = i;
        }
        var kept = new HashSet<int>(winners.Values);
        return [.. rows.Where((_, i) => kept.Contains(i))];
    }

    public static TheoryData<string, DedupKeep> Cases => new()
    {
        { "", DedupKeep.First },
        { "", DedupKeep.Last },
        { "k", DedupKeep.First },
        { "s,flag", DedupKeep.Last },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Keeps_the_first_or_last_row_of_each_key_in_input_order_in_memory_and_spilled(string columns, DedupKeep keep)
    {
        var names = columns.Length == 0 ? [] : columns.Split(',');
        var keyColumns = names.Select(n => DistinctTestData.Schema.GetFieldIndex(n)).ToArray();
        var data = new DistinctTestData(rows: 20_000, cycle: 3000, batchSize: 1000);
        var expected = Reference(data, keyColumns, keep);
        using (var context = Unbounded())
        {
            var op = new DedupOperator(names, keep);
            Assert.Equal(expected, await RowsAsync(op, context, DistinctTestData.Schema, data.Batches()));
            Assert.Equal(data.Rows - expected.Count, op.RowsRemoved);
        }
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            var op = new DedupOperator(names, keep);
            Assert.Equal(expected, await RowsAsync(op, context, DistinctTestData.Schema, data.Batches()));
            Assert.Equal(data.Rows - expected.Count, op.RowsRemoved);
            // Keep-last holds every batch and whole-row keys are long: both outgrow 1 MiB (3000 small k keys do not).
            if (keep == DedupKeep.Last || names.Length == 0) Assert.True(context.SpilledBytes > 0, "the 1 MiB run should have spilled");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Theory]
    [InlineData(DedupKeep.First)]
    [InlineData(DedupKeep.Last)]
    public async Task Under_a_16_MiB_limit_the_output_equals_the_in_memory_one_on_input_20_times_larger(DedupKeep keep)
    {
        var data = new DistinctTestData(rows: 1_200_000, cycle: 500_000);
        Assert.True(data.StringBytes() > 20 * 16 * MiB, "the input must dwarf the limit");
        (long Rows, string Digest) inMemory;
        using (var context = Unbounded())
            inMemory = await DigestAsync(new DedupOperator([], keep), context, DistinctTestData.Schema, data.Batches());
        Assert.Equal(data.ExpectedDistinct(), inMemory.Rows);
        string folder;
        using (var context = Limited(16 * MiB, _spillRoot))
        {
            var op = new DedupOperator([], keep);
            var spilled = await DigestAsync(op, context, DistinctTestData.Schema, data.Batches());
            Assert.Equal(inMemory, spilled);
            Assert.Equal(data.Rows - data.ExpectedDistinct(), op.RowsRemoved);
            Assert.True(context.SpilledBytes > 16 * MiB, $"spilled only {context.SpilledBytes} bytes");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
            Assert.Equal(0, context.Allocator.LiveBytes);
            folder = context.Spill.Directory;
        }
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData(DedupKeep.First, "0")]
    [InlineData(DedupKeep.Last, "99999")]
    public async Task All_null_keys_are_one_key(DedupKeep keep, string survivor)
    {
        var schema = new Schema.Builder()
            .Field(f => f.Name("a").DataType(StringType.Default).Nullable(true))
            .Field(f => f.Name("i").DataType(Int64Type.Default).Nullable(false))
            .Build();
        IEnumerable<RecordBatch> Batches()
        {
            for (int start = 0; start < 100_000; start += 10_000)
            {
                var a = new StringArray.Builder();
                var i = new Int64Array.Builder();
                for (int r = start; r < start + 10_000; r++) { a.AppendNull(); i.Append(r); }
                yield return new RecordBatch(schema, [a.Build(), i.Build()], 10_000);
            }
        }
        using var context = Limited(1 * MiB, _spillRoot);
        Assert.Equal([$"∅|{survivor}"], await RowsAsync(new DedupOperator(["a"], keep), context, schema, Batches()));
    }

    [Theory]
    [InlineData(DedupKeep.First)]
    [InlineData(DedupKeep.Last)]
    public async Task Spill_files_are_gone_after_a_failure_and_after_cancellation(DedupKeep keep)
    {
        var data = new DistinctTestData(rows: 50_000, cycle: 20_000, batchSize: 1000);
        using (var context = Limited(1 * MiB, _spillRoot))
        {
            var failing = FailingAfter(data.Batches(), 40, new PipelineException(PipelineErrorKind.InvalidInput, "broken input"));
            await Assert.ThrowsAsync<PipelineException>(() => RowsAsync(new DedupOperator([], keep), context, DistinctTestData.Schema, failing));
            Assert.True(Directory.Exists(context.Spill.Directory), "the dedup should have spilled before failing");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
        using var cancel = new CancellationTokenSource();
        using (var context = Limited(1 * MiB, _spillRoot, cancel.Token))
        {
            var cancelling = CancellingAfter(data.Batches(), 40, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RowsAsync(new DedupOperator([], keep), context, DistinctTestData.Schema, cancelling));
            Assert.True(Directory.Exists(context.Spill.Directory), "the dedup should have spilled before the cancellation");
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Fact]
    public void A_missing_key_column_is_named()
    {
        using var context = Unbounded();
        var error = Assert.Throws<PipelineException>(() => new RowDedup(context, DistinctTestData.Schema, ["nope"], DedupKeep.First));
        Assert.Contains("'nope'", error.Message);
    }
}
