using Pipeline.Engine.Analyze.Detect;

namespace Pipeline.Engine.Tests.Analyze.Detect;

public sealed class SortedWindowTests
{
    [Fact]
    public void Median_and_MAD_match_a_direct_computation_over_the_last_values()
    {
        var random = new Random(7);
        var window = new SortedWindow(25);
        var all = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            double v = Math.Round(random.NextDouble() * 20, 1); // ties on purpose
            window.Add(v);
            all.Add(v);
            var last = all.TakeLast(25).Order().ToArray();
            double median = Median(last);
            Assert.Equal(median, window.Quantile(0.5), 12);
            Assert.Equal(Median(last.Select(x => Math.Abs(x - median)).Order().ToArray()), window.MedianAbsoluteDeviation(median), 12);
            Assert.Equal(last[0], window.Quantile(0));
            Assert.Equal(last[^1], window.Quantile(1));
        }
    }

    // The lower median for an even count, as the MAD walk counts (n - 1) / 2 steps.
    private static double Median(double[] sorted) => sorted.Length % 2 == 1
        ? sorted[sorted.Length / 2]
        : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
