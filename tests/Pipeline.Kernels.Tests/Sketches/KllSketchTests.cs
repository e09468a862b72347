using Pipeline.Kernels.Sketches;

namespace Pipeline.Kernels.Tests.Sketches;

public class KllSketchTests
{
    private const int N = 1_000_000;

    public static TheoryData<string> Distributions() => new() { "uniform", "lognormal", "duplicated", "sorted", "reversed" };

    private static double[] Data(string distribution)
    {
        var random = new Random(17);
        return distribution switch
        {
            "uniform" => Enumerable.Range(0, N).Select(_ => random.NextDouble()).ToArray(),
            // Heavily right-skewed: exp of a normal with sigma 2.
            "lognormal" => Enumerable.Range(0, N).Select(_ => Math.Exp(2 * Normal(random))).ToArray(),
            // Only 20 distinct values: quantiles land on plateaus of the rank function.
            "duplicated" => Enumerable.Range(0, N).Select(_ => (double)(random.Next(20) * random.Next(3))).ToArray(),
            "sorted" => Enumerable.Range(0, N).Select(i => (double)i).ToArray(),
            _ => Enumerable.Range(0, N).Select(i => (double)(N - i)).ToArray(),
        };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Checks every percentile: the returned item's true rank interval must come within the stated bound of q,
    /// and Rank(v) within the bound of v's true rank.</summary>
    private static void AssertWithinBound(KllSketch sketch, double[] sorted)
    {
        double eps = sketch.NormalizedRankError;
        Assert.Equal(sorted.Length, sketch.Count);
        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        for (int p = 1; p <= 99; p++)
        {
            double q = p / 100.0;
            double x = sketch.Quantile(q);
            double below = LowerBound(sorted, x) / (double)sorted.Length;
            double atOrBelow = UpperBound(sorted, x) / (double)sorted.Length;
            Assert.True(q >= below - eps && q <= atOrBelow + eps, $"q={q}: item {x} has true rank [{below:F5}, {atOrBelow:F5}], bound {eps:F5}");

            double v = sorted[(int)(q * (sorted.Length - 1))];
            double trueRank = UpperBound(sorted, v) / (double)sorted.Length;
            Assert.True(Math.Abs(sketch.Rank(v) - trueRank) <= eps, $"Rank({v}) = {sketch.Rank(v):F5}, true {trueRank:F5}");
        }
        Assert.Equal(sorted[0], sketch.Quantile(0));
        Assert.Equal(sorted[^1], sketch.Quantile(1));
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Rank_error_stays_within_the_stated_bound_on_a_million_values(string distribution)
    {
        var data = Data(distribution);
        var sketch = new KllSketch();
        sketch.AddRange(data);
        var sorted = (double[])data.Clone();
        Array.Sort(sorted);
        AssertWithinBound(sketch, sorted);
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Merged_partitions_stay_within_the_bound_in_either_order(string distribution)
    {
        var data = Data(distribution);
        var parts = new[] { 0, 100_000, 350_000, 351_000, 800_000, N }.Zip(new[] { 100_000, 350_000, 351_000, 800_000, N })
            .Select(r => { var s = new KllSketch(); s.AddRange(data.AsSpan(r.First, r.Second - r.First)); return s; }).ToArray();
        var forward = new KllSketch();
        foreach (var part in parts) forward.Merge(KllSketch.Deserialize(part.Serialize()));
        var backward = new KllSketch();
        foreach (var part in parts.Reverse()) backward.Merge(part);
        var sorted = (double[])data.Clone();
        Array.Sort(sorted);
        AssertWithinBound(forward, sorted);
        AssertWithinBound(backward, sorted);
    }

    [Fact]
    public void Same_input_gives_the_same_sketch_and_serialization_round_trips()
    {
        var data = Data("lognormal").AsSpan(0, 100_000);
        var a = new KllSketch(); a.AddRange(data);
        var b = new KllSketch(); b.AddRange(data);
        var bytes = a.Serialize();
        Assert.Equal(bytes, b.Serialize());
        Assert.Equal(KllSketch.FormatVersion, bytes[0]);
        var copy = KllSketch.Deserialize(bytes);
        Assert.Equal(bytes, copy.Serialize());
        Assert.Equal(a.Quantile(0.5), copy.Quantile(0.5));
        Assert.Equal(a.Count, copy.Count);
        // The generator state travels too, so the copy keeps evolving exactly like the original.
        a.AddRange(data); copy.AddRange(data);
        Assert.Equal(a.Serialize(), copy.Serialize());
        Assert.Throws<FormatException>(() => KllSketch.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
    }

    [Fact]
    public void Bulk_and_per_value_adds_give_the_identical_sketch()
    {
        var data = Data("uniform").AsSpan(0, 50_000).ToArray();
        data[777] = double.NaN;
        var bulk = new KllSketch(); bulk.AddRange(data);
        var single = new KllSketch(); foreach (double v in data) single.Add(v);
        Assert.Equal(single.Serialize(), bulk.Serialize());
        Assert.Equal(49_999, bulk.Count);
    }

    [Fact]
    public void Small_inputs_are_exact_and_NaN_is_ignored()
    {
        var sketch = new KllSketch();
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        Assert.True(double.IsNaN(sketch.Rank(1)));
        sketch.AddRange([5, 1, double.NaN, 3, 2, 4]);
        Assert.Equal(5, sketch.Count);
        Assert.Equal(3, sketch.Quantile(0.5));
        Assert.Equal(1, sketch.Quantile(0.01));
        Assert.Equal(0.6, sketch.Rank(3));
        Assert.Equal(0, sketch.Rank(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(1.5));
        Assert.InRange(new KllSketch(200).NormalizedRankError, 0.013, 0.0135);
    }
}
