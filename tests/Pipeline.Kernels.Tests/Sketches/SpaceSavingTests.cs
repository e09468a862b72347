using Pipeline.Kernels.Sketches;

namespace Pipeline.Kernels.Tests.Sketches;

public class SpaceSavingTests
{
    /// <summary>A Zipf(1.2) stream over 10,000 values, drawn by inverting the cumulative distribution.</summary>
    private static string[] ZipfStream(int n, int seed)
    {
        const int universe = 10_000;
        var cdf = new double[universe];
        double total = 0;
        for (int i = 0; i < universe; i++) cdf[i] = total += 1 / Math.Pow(i + 1, 1.2);
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            int index = Array.BinarySearch(cdf, random.NextDouble() * total);
            return "v" + (index < 0 ? ~index : index);
        }).ToArray();
    }

    private static void AssertGuarantees(SpaceSaving sketch, string[] stream)
    {
        var truth = stream.GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count());
        long bound = stream.Length / sketch.Capacity;
        var reported = sketch.Top(sketch.Capacity).ToDictionary(e => e.Value);
        Assert.Equal(stream.Length, sketch.Total);
        foreach (var (value, count, error) in reported.Values)
        {
            long actual = truth.GetValueOrDefault(value);
            Assert.InRange(actual, count - error, count);
            Assert.InRange(error, 0, bound);
        }
        foreach (var (value, count) in truth)
            if (count > bound) Assert.True(reported.ContainsKey(value), $"heavy hitter {value} ({count}) missing");
        var trueTop = truth.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(5).Select(kv => kv.Key);
        Assert.Equal(trueTop, sketch.Top(5).Select(e => e.Value));
    }

    [Fact]
    public void Finds_the_heavy_hitters_of_a_Zipf_stream_with_counts_within_error()
    {
        var stream = ZipfStream(200_000, 1);
        var sketch = new SpaceSaving();
        foreach (var s in stream) sketch.Add(s);
        AssertGuarantees(sketch, stream);
    }

    [Fact]
    public void Merged_partitions_keep_the_guarantees_and_merge_commutes()
    {
        var stream = ZipfStream(200_000, 2);
        var a = new SpaceSaving(); var b = new SpaceSaving(); var c = new SpaceSaving();
        for (int i = 0; i < stream.Length; i++) (i < 50_000 ? a : i < 150_000 ? b : c).Add(stream[i]);
        var abc = SpaceSaving.Deserialize(a.Serialize()); abc.Merge(b); abc.Merge(c);
        AssertGuarantees(abc, stream);
        var ab = SpaceSaving.Deserialize(a.Serialize()); ab.Merge(b);
        var ba = SpaceSaving.Deserialize(b.Serialize()); ba.Merge(a);
        Assert.Equal(ab.Serialize(), ba.Serialize());
    }

    [Fact]
    public void Ties_are_broken_by_value_and_weights_are_honoured()
    {
        var sketch = new SpaceSaving(2);
        sketch.Add("b"); sketch.Add("a"); sketch.Add("c", 5);
        // "b" (the greater of the tied minimum counts) is evicted: "c" inherits its count as error.
        Assert.Equal(new[] { ("c", 6L, 1L), ("a", 1L, 0L) }, sketch.Top(5));
        Assert.Equal(7, sketch.Total);
        var copy = SpaceSaving.Deserialize(sketch.Serialize());
        Assert.Equal(sketch.Top(5), copy.Top(5));
        Assert.Equal(sketch.Total, copy.Total);
        Assert.Throws<FormatException>(() => SpaceSaving.Deserialize([9, 1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add("x", 0));
    }
}
