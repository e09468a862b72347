using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.TestSupport;
using Xunit;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>Workers add keys to one counter concurrently; the answer must not depend on how their batches interleave.</summary>
public sealed class KeyCounterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConcurrentWorkersGetTheExactCountAndSmallestExamples(bool text)
    {
        // Worker A sees 0..99,999; worker B sees 50,000..149,999 and 7 once more: 50,001 duplicates in all (as text the
        // smallest are "50000".., ordinal order putting "7" after them).
        var counter = RuleKeys.CreateCounter(Rules.For("v").Unique(), [text ? StringType.Default : Int64Type.Default], null);
        var a = counter;
        var b = counter;
        Parallel.Invoke(
            () => AddRange(a, 0, 100_000, text),
            () => { AddRange(b, 50_000, 150_000, text); AddRange(b, 7, 8, text); });
        Assert.Equal((150_000, 50_001), counter.Finish());
        Assert.Equal(text ? ["'50000'", "'50001'", "'50002'", "'50003'", "'50004'"] : ["7", "50000", "50001", "50002", "50003"], counter.Examples);
    }

    [Fact]
    public void DenseIdsMoveFromTheBitmapToTheHashTableWhenTheyTurnSparse()
    {
        var store = new Int64KeyStore(integers: true);
        var duplicate = new bool[100_000];
        Assert.Equal(0, store.AddMany(Enumerable.Range(0, 100_000).Select(i => (long)i).ToArray(), default, duplicate));
        Assert.True(store.Bytes < 100_000 / 8 * 4, $"dense ids should sit in a bitmap, not {store.Bytes} B");
        // Two far-away ids make the range sparse: everything moves to the hash table, nothing is lost.
        long[] sparse = [1L << 40, -(1L << 40), 5, 99_999, 1L << 40];
        var flags = new bool[sparse.Length];
        Assert.Equal(3, store.AddMany(sparse, default, flags));
        Assert.Equal([false, false, true, true, true], flags);
        Assert.Equal(100_002, store.Count);
        Assert.True(store.Bytes >= 100_002 * 8L, "the hash table holds every key");
        Assert.Equal(100_002, store.ToArray().Distinct().Count());
    }

    [Fact]
    public void KeysBeforeAndAfterASpillAreCountedExactly()
    {
        using var dir = new TempDirectory();
        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 16 << 20, SpillDirectory = dir.Path });
        var counter = RuleKeys.CreateCounter(Rules.For("v").Unique(), [Int64Type.Default], context);
        // Keys 7919 apart: too sparse for a bitmap, so they fill a hash table.
        AddRange(counter, 0, 10_000, text: false, stride: 7919);
        AddRange(counter, 5_000, 2_505_000, text: false, stride: 7919);      // 2.5M keys: past 16 MiB, spills
        AddRange(counter, 2_504_000, 2_506_000, text: false, stride: 7919);  // after the spill: straight to disk
        Assert.True(counter.Spilled);
        long distinct = 2_506_000, added = 10_000 + 2_500_000 + 2_000;
        Assert.Equal((distinct, added - distinct), counter.Finish());
        Assert.Equal(0, context.MemoryPool.Reserved);
    }

    private static void AddRange(IDistinctKeyCounter local, long from, long to, bool text, long stride = 1)
    {
        for (long start = from; start < to; start += 8192)
        {
            int n = (int)Math.Min(8192, to - start);
            IArrowArray array;
            if (text)
            {
                var b = new StringArray.Builder();
                for (long v = start; v < start + n; v++) b.Append(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
                array = b.Build();
            }
            else
            {
                var b = new Int64Array.Builder();
                for (long v = start; v < start + n; v++) b.Append(v * stride);
                array = b.Build();
            }
            var schema = new Schema.Builder().Field(f => f.Name("v").DataType(array.Data.DataType)).Build();
            var batch = new RecordBatch(schema, [array], n);
            RuleKeys.Add(local, [array], _ => new BatchColumns(batch).Column(0));
        }
    }
}
