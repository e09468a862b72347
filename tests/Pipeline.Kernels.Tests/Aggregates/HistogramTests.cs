using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Tests.Aggregates;

public class HistogramTests
{
    [Fact]
    public void Values_land_in_equal_width_bins_with_max_in_the_last()
    {
        var counts = new long[4];
        Histogram.Accumulate([0, 0.99, 1, 2.5, 3.999, 4, -0.1, 4.1, double.NaN], 0, 4, counts);
        Assert.Equal(new long[] { 2, 1, 1, 2 }, counts);
    }

    [Fact]
    public void Counts_add_up_across_batches_and_match_a_reference_for_every_length()
    {
        var random = new Random(5);
        foreach (int length in TestArrays.Lengths)
        {
            var values = Enumerable.Range(0, length).Select(_ => random.NextDouble() * 10 - 2).ToArray();
            int bins = Histogram.AutoBinCount(length);
            var counts = new long[bins];
            int half = length / 2;
            Histogram.Accumulate(values.AsSpan(0, half), -2, 8, counts);
            Histogram.Accumulate(values.AsSpan(half), -2, 8, counts);
            var expected = new long[bins];
            foreach (double v in values) expected[Math.Min(bins - 1, (int)Math.Floor((v + 2) / 10 * bins))]++;
            Assert.Equal(expected, counts);
        }
    }

    [Fact]
    public void A_degenerate_range_puts_everything_in_the_first_bin()
    {
        var counts = new long[3];
        Histogram.Accumulate([5, 5, 5, 4], 5, 5, counts);
        Assert.Equal(new long[] { 3, 0, 0 }, counts);
    }

    [Fact]
    public void Bad_ranges_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Histogram.Accumulate([1], 0, 1, Span<long>.Empty));
        Assert.Throws<ArgumentException>(() => Histogram.Accumulate([1], 2, 1, new long[2]));
        Assert.Throws<ArgumentException>(() => Histogram.Accumulate([1], double.NaN, 1, new long[2]));
    }

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(1L, 1)]
    [InlineData(2L, 2)]
    [InlineData(100L, 8)]
    [InlineData(1000L, 11)]
    [InlineData(10_000_000L, 25)]
    [InlineData(long.MaxValue, 50)]
    public void Auto_bin_count_follows_Sturges_capped_to_50(long n, int expected) => Assert.Equal(expected, Histogram.AutoBinCount(n));
}
