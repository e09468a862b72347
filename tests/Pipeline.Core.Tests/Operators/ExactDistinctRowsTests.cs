using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators;
using Pipeline.Core.Options;

namespace Pipeline.Core.Tests.Operators;

public sealed class ExactDistinctRowsTests : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "distinct-tests-" + Guid.NewGuid().ToString("N"));

    public ExactDistinctRowsTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    private static DistinctRowsResult Count(PipelineContext context, IEnumerable<RecordBatch> batches)
    {
        using var counter = new ExactDistinctRows(context);
        foreach (var batch in batches)
        {
            using (batch) counter.Add(batch);
        }
        return counter.Finish();
    }

    [Fact]
    public void Under_a_16_MiB_limit_the_count_equals_the_in_memory_answer_on_input_20_times_larger()
    {
        var data = new DistinctTestData(rows: 1_200_000, cycle: 500_000);
        Assert.True(data.StringBytes() > 20 * 16 * MiB / 2, "the keys must dwarf the limit");

        DistinctRowsResult inMemory;
        using (var context = new PipelineContext(new PipelineOptions(), memoryPool: new UnboundedPool()))
            inMemory = Count(context, data.Batches());

        DistinctRowsResult spilled;
        string spillFolder;
        using (var context = new PipelineContext(new PipelineOptions { MemoryLimit = 16 * MiB, SpillDirectory = _spillRoot }))
        {
            spilled = Count(context, data.Batches());
            spillFolder = context.Spill.Directory;
            Assert.True(context.SpilledBytes > 20 * 16 * MiB / 2, $"spilled only {context.SpilledBytes} bytes");
            Assert.Equal(0, context.MemoryPool.Reserved);
            Assert.Equal(0, context.Allocator.LiveBytes);
        }

        Assert.Equal(data.ExpectedDistinct(), inMemory.DistinctRows);
        Assert.Equal(0, inMemory.Passes);
        Assert.True(spilled.Passes >= 2, $"expected re-partitioning, got {spilled.Passes} passes");
        Assert.Equal(inMemory.Rows, spilled.Rows);
        Assert.Equal(inMemory.DistinctRows, spilled.DistinctRows);
        Assert.Equal(inMemory.DuplicateRows, spilled.DuplicateRows);
        Assert.Equal(inMemory.Examples, spilled.Examples);
        Assert.False(Directory.Exists(spillFolder));
    }

    [Fact]
    public void Examples_name_the_first_row_and_first_repeat_of_each_duplicated_key()
    {
        using var context = new PipelineContext(memoryPool: new UnboundedPool());
        var result = Count(context, new DistinctTestData(rows: 5000, cycle: 1000).Batches());
        Assert.Equal(10, result.Examples.Count);
        // Row 0 is the hot row, repeated at row 2; the all-null row 1 repeats at row 1001. Other odd rows i hold key
        // (i/2) % 1000, which comes back 2000 rows later (key 1 at rows 3 and 2003).
        Assert.Equal(new DuplicateExample(0, 2), result.Examples[0]);
        Assert.Equal(new DuplicateExample(1, 1001), result.Examples[1]);
        Assert.All(result.Examples.Skip(2), e => Assert.Equal(2000, e.DuplicateRow - e.FirstRow));
    }

    [Fact]
    public void All_null_rows_are_one_distinct_row()
    {
        var schema = new Schema.Builder().Field(f => f.Name("a").DataType(StringType.Default)).Field(f => f.Name("b").DataType(Int32Type.Default)).Build();
        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 16 * MiB, SpillDirectory = _spillRoot });
        var batches = Enumerable.Range(0, 50).Select(_ =>
        {
            var a = new StringArray.Builder();
            var b = new Int32Array.Builder();
            for (int i = 0; i < 10_000; i++) { a.AppendNull(); b.AppendNull(); }
            return new RecordBatch(schema, [a.Build(), b.Build()], 10_000);
        });
        var result = Count(context, batches);
        Assert.Equal(500_000, result.Rows);
        Assert.Equal(1, result.DistinctRows);
        Assert.Equal(499_999, result.DuplicateRows);
    }

    [Fact]
    public void Nan_payloads_and_signed_zeros_compare_equal_and_null_differs_from_values()
    {
        var schema = new Schema.Builder().Field(f => f.Name("x").DataType(DoubleType.Default)).Build();
        var x = new DoubleArray.Builder()
            .Append(double.NaN).Append(BitConverter.Int64BitsToDouble(0x7FF8000000000123)).Append(-double.NaN)
            .Append(0.0).Append(-0.0).AppendNull().Append(1.0);
        using var context = new PipelineContext(memoryPool: new UnboundedPool());
        var result = Count(context, [new RecordBatch(schema, [x.Build()], 7)]);
        Assert.Equal(4, result.DistinctRows);
    }

    [Fact]
    public void Dictionary_columns_compare_by_decoded_value_across_batches()
    {
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var schema = new Schema.Builder().Field(f => f.Name("d").DataType(type)).Build();
        RecordBatch Batch(string[] dictionary, int?[] indices)
        {
            var values = new StringArray.Builder().AppendRange(dictionary).Build();
            var idx = new Int32Array.Builder();
            foreach (var i in indices) { if (i is { } v) idx.Append(v); else idx.AppendNull(); }
            return new RecordBatch(schema, [new DictionaryArray(type, idx.Build(), values)], indices.Length);
        }
        using var context = new PipelineContext(memoryPool: new UnboundedPool());
        var result = Count(context, [Batch(["a", "b"], [0, 1, null]), Batch(["b", "a", "c"], [0, 1, 2, null])]);
        Assert.Equal(7, result.Rows);
        Assert.Equal(4, result.DistinctRows); // a, b, c, null
    }

    [Fact]
    public void Decimals_timestamps_and_binaries_are_keyed_by_value()
    {
        var schema = new Schema.Builder()
            .Field(f => f.Name("m").DataType(new Decimal128Type(18, 2)))
            .Field(f => f.Name("t").DataType(new TimestampType(TimeUnit.Millisecond, (string?)null)))
            .Field(f => f.Name("b").DataType(BinaryType.Default))
            .Field(f => f.Name("u").DataType(UInt16Type.Default))
            .Build();
        var m = new Decimal128Array.Builder(new Decimal128Type(18, 2)).Append(1.25m).Append(1.25m).Append(2.5m).Append(1.25m);
        var t = new TimestampArray.Builder(TimeUnit.Millisecond).Append(DateTimeOffset.UnixEpoch).Append(DateTimeOffset.UnixEpoch).Append(DateTimeOffset.UnixEpoch).Append(DateTimeOffset.UnixEpoch.AddMilliseconds(1));
        var b = new BinaryArray.Builder().Append([1, 2]).Append([1, 2]).Append([1, 2]).Append([1, 2]);
        var u = new UInt16Array.Builder().Append(7).Append(7).Append(7).Append(7);
        using var context = new PipelineContext(memoryPool: new UnboundedPool());
        var result = Count(context, [new RecordBatch(schema, [m.Build(), t.Build(), b.Build(), u.Build()], 4)]);
        Assert.Equal(3, result.DistinctRows);
        Assert.Equal([new DuplicateExample(0, 1)], result.Examples);
    }

    [Fact]
    public void A_single_row_larger_than_the_budget_fails_naming_the_consumer()
    {
        var schema = new Schema.Builder().Field(f => f.Name("s").DataType(StringType.Default)).Build();
        var s = new StringArray.Builder().Append(new string('x', 3 << 20)).Build();
        using var context = new PipelineContext(memoryPool: new TrackConsumersPool(new GreedyPool(2 * MiB)));
        using var counter = new ExactDistinctRows(context, "dup-check");
        using var batch = new RecordBatch(schema, [s], 1);
        var e = Assert.Throws<PipelineException>(() => counter.Add(batch));
        Assert.Equal(PipelineErrorKind.ResourcesExhausted, e.Kind);
        Assert.Contains("'dup-check'", e.Message);
        Assert.Contains("limit 2 MiB", e.Message);
    }

    [Fact]
    public void Nested_columns_are_refused_with_the_column_name()
    {
        var schema = new Schema.Builder().Field(f => f.Name("l").DataType(new ListType(Int32Type.Default))).Build();
        var list = new ListArray.Builder(Int32Type.Default);
        list.Append();
        ((Int32Array.Builder)list.ValueBuilder).Append(1);
        using var context = new PipelineContext(memoryPool: new UnboundedPool());
        using var counter = new ExactDistinctRows(context);
        using var batch = new RecordBatch(schema, [list.Build()], 1);
        var e = Assert.Throws<PipelineException>(() => counter.Add(batch));
        Assert.Contains("column 'l'", e.Message);
    }
}
