using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Analyze.Data;

namespace Pipeline.Engine.Tests.Document;

public class TimeSeriesAnalyzerTests
{
    private static RecordBatch Batch(int from, int count)
    {
        var time = new TimestampArray.Builder(new TimestampType(TimeUnit.Second, (string?)null));
        var value = new DoubleArray.Builder();
        for (int i = from; i < from + count; i++)
        {
            time.Append(DateTimeOffset.UnixEpoch.AddMinutes(i));
            value.Append(i % 100);
        }
        var times = time.Build();
        var schema = new Schema.Builder().Field(f => f.Name("at").DataType(times.Data.DataType)).Field(f => f.Name("v").DataType(DoubleType.Default)).Build();
        return new RecordBatch(schema, [times, value.Build()], count);
    }

    [Fact]
    public void KeepsEveryPointWhileTheyFit()
    {
        var state = new TimeSeriesAnalyzer();
        state.Update(Batch(0, 1000));
        var sample = state.Result()!;
        Assert.Equal(0, sample.BucketTicks);
        Assert.Equal(1000, sample.Ticks.Length);
        Assert.Equal(99, sample.Values[0][99]);
    }

    [Fact]
    public void BucketsPastTheLimitAndMergesToTheSinglePassResult()
    {
        int total = TimeSeriesAnalyzer.MaxPoints + 20_000;
        var single = new TimeSeriesAnalyzer();
        for (int from = 0; from < total; from += 5000) single.Update(Batch(from, Math.Min(5000, total - from)));

        // Two workers with interleaved, out-of-order batches, merged afterwards.
        var a = new TimeSeriesAnalyzer();
        var b = new TimeSeriesAnalyzer();
        for (int from = 0, k = 0; from < total; from += 5000, k++) (k % 2 == 0 ? b : a).Update(Batch(total - from - Math.Min(5000, total - from), Math.Min(5000, total - from)));
        var merged = new TimeSeriesAnalyzer();
        merged.Merge(a);
        merged.Merge(b);

        var expected = single.Result()!;
        var actual = merged.Result()!;
        Assert.True(expected.BucketTicks > 0);
        Assert.True(expected.Ticks.Length <= TimeSeriesAnalyzer.MaxBuckets);
        Assert.Equal(expected.BucketTicks, actual.BucketTicks);
        Assert.Equal(expected.Ticks, actual.Ticks);
        Assert.Equal(expected.Values[0], actual.Values[0]);
        Assert.Equal(total, actual.Points);
    }
}
