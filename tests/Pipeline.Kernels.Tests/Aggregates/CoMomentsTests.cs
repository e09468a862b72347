using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Tests;

/// <summary>The vectorised batch co-moments against Welford's scalar update, and their merge.</summary>
public sealed class CoMomentsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(256)]
    [InlineData(1001)]
    public void Batch_co_moments_equal_the_scalar_reference(int n)
    {
        var random = new Random(n);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() * 10 + 1e8;
            y[i] = i % 9 == 4 ? double.NaN : i % 10 == 7 ? double.NegativeInfinity : 3 * x[i] + random.NextDouble();
            if (i % 8 == 2) x[i] = double.PositiveInfinity;
        }
        // The reference folds the values shifted by their offset (an exact subtraction here), so it does not suffer the
        // cancellation that an unshifted Welford pass has at 1e8 ± 10; correlation and C are shift-invariant.
        var reference = new CoMomentState();
        for (int i = 0; i < n; i++) if (double.IsFinite(x[i]) && double.IsFinite(y[i])) reference.Add(x[i] - 1e8, y[i] - 3e8);
        var batch = CoMoments.Compute(x, y);
        Assert.Equal(reference.N, batch.N);
        if (reference.N == 0) return;
        Assert.Equal(reference.MeanX + 1e8, batch.MeanX, 6);
        Assert.True(Math.Abs(reference.C - batch.C) <= 1e-6 * Math.Max(1, Math.Abs(reference.C)));
        if (!double.IsNaN(reference.Correlation)) Assert.Equal(reference.Correlation, batch.Correlation, 9);
    }

    [Fact]
    public void Merged_halves_equal_the_whole()
    {
        var x = Enumerable.Range(0, 1000).Select(i => Math.Sin(i)).ToArray();
        var y = Enumerable.Range(0, 1000).Select(i => Math.Cos(i * 0.5) + i * 0.001).ToArray();
        var whole = CoMoments.Compute(x, y);
        var merged = CoMoments.Compute(x.AsSpan(0, 377), y.AsSpan(0, 377));
        var rest = CoMoments.Compute(x.AsSpan(377), y.AsSpan(377));
        merged.Merge(in rest);
        Assert.Equal(whole.N, merged.N);
        Assert.Equal(whole.Correlation, merged.Correlation, 12);
    }

    [Fact]
    public void Different_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => CoMoments.Compute(new double[3], new double[4]));
}
