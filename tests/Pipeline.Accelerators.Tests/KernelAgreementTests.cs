using Pipeline.Kernels.Aggregates;
using Pipeline.Kernels.Compute;

namespace Pipeline.Accelerators.Tests;

/// <summary>The ILGPU kernels (run on ILGPU's CPU accelerator) against the SIMD path and a scalar reference, over
/// lengths that straddle thread and vector boundaries and with NaN / ±∞ / zeros / negatives mixed in.</summary>
public sealed class KernelAgreementTests(CpuAcceleratorFixture fixture) : IClassFixture<CpuAcceleratorFixture>
{
    private readonly IlgpuCompute _gpu = fixture.Compute;

    public static TheoryData<int> Lengths => [0, 1, 2, 3, 31, 64, 65, 257, 4099, 100_003];

    private static double[] Values(int n, int seed, bool specials)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Round(random.NextDouble() * 200 - 50, 3) + 1e6 * (i % 7 == 0 ? 1 : 0);
            if (!specials) continue;
            if (i % 11 == 3) values[i] = double.NaN;
            else if (i % 13 == 5) values[i] = double.PositiveInfinity;
            else if (i % 17 == 6) values[i] = double.NegativeInfinity;
            else if (i % 5 == 1) values[i] = 0;
        }
        return values;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Moments_match_the_simd_path(int n)
    {
        foreach (bool specials in new[] { false, true })
        {
            var values = Values(n, n + 1, specials);
            var expected = SimdCompute.Instance.Moments(values);
            var actual = _gpu.Moments(values);
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.NaN, actual.NaN);
            Assert.Equal(expected.PositiveInfinity, actual.PositiveInfinity);
            Assert.Equal(expected.NegativeInfinity, actual.NegativeInfinity);
            Assert.Equal(expected.Zeros, actual.Zeros);
            Assert.Equal(expected.Negatives, actual.Negatives);
            if (expected.Count == 0) continue;
            Assert.Equal(expected.Min, actual.Min);
            Assert.Equal(expected.Max, actual.Max);
            AssertClose(expected.Sum, actual.Sum);
            AssertClose(expected.Mean, actual.Mean);
            AssertClose(expected.Variance, actual.Variance);
            AssertClose(expected.Skewness, actual.Skewness);
            AssertClose(expected.Kurtosis, actual.Kurtosis);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Histogram_counts_are_identical(int n)
    {
        var values = Values(n, 7 * n + 3, specials: true);
        foreach (int bins in new[] { 1, 7, 50 })
        {
            var expected = new long[bins];
            var actual = new long[bins];
            SimdCompute.Instance.Histogram(values, -50, 1e6 + 150, expected);
            _gpu.Histogram(values, -50, 1e6 + 150, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Histogram_of_a_constant_range_puts_every_equal_value_in_bin_zero()
    {
        var values = new[] { 4.0, 4.0, 5.0, double.NaN, 4.0 };
        var counts = new long[3];
        _gpu.Histogram(values, 4, 4, counts);
        Assert.Equal(new long[] { 3, 0, 0 }, counts);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Co_moments_match_the_simd_path_and_a_scalar_reference(int n)
    {
        var columns = new[] { Values(n, 1, specials: true), Values(n, 2, specials: false), Values(n, 3, specials: true) };
        for (int i = 0; i < n; i++) columns[1][i] = 0.5 * columns[0][i] + columns[1][i] * 0.01; // correlated where finite
        var expected = new CoMomentState[9];
        var actual = new CoMomentState[9];
        SimdCompute.Instance.CoMoments(columns, n, expected);
        _gpu.CoMoments(columns, n, actual);
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++)
            {
                var reference = new CoMomentState();
                for (int i = 0; i < n; i++)
                    if (double.IsFinite(columns[a][i]) && double.IsFinite(columns[b][i])) reference.Add(columns[a][i], columns[b][i]);
                var e = expected[a * 3 + b];
                var g = actual[a * 3 + b];
                Assert.Equal(reference.N, e.N);
                Assert.Equal(reference.N, g.N);
                AssertClose(reference.Correlation, e.Correlation);
                AssertClose(reference.Correlation, g.Correlation);
                AssertClose(reference.C, g.C);
                AssertClose(reference.MeanX, g.MeanX);
            }
    }

    [Fact]
    public void Constant_columns_give_no_correlation_and_no_division_by_zero()
    {
        var flat = Enumerable.Repeat(3.0, 1000).ToArray();
        var ramp = Enumerable.Range(0, 1000).Select(i => (double)i).ToArray();
        var pairs = new CoMomentState[4];
        _gpu.CoMoments([flat, ramp], 1000, pairs);
        Assert.Equal(1000, pairs[1].N);
        Assert.True(double.IsNaN(pairs[1].Correlation));
    }

    private static void AssertClose(double expected, double actual)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}"); return; }
        double tolerance = 1e-9 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }
}
