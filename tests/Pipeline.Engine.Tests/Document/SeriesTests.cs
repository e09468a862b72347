using Pipeline.Engine.Analyze.Series;

namespace Pipeline.Engine.Tests.Document;

public class SeriesTests
{
    [Fact]
    public void SeasonalityFindsThePeriodNotItsMultiple()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 24 * 14).Select(i => Math.Sin(2 * Math.PI * i / 24) + 0.1 * random.NextDouble()).ToArray();
        var found = Seasonality.Find(values);
        Assert.NotNull(found);
        Assert.Equal(24, found.Value.Lag);
        Assert.True(found.Value.Autocorrelation > 0.8);
    }

    [Fact]
    public void ConstantAndNoiseHaveNoPeriod()
    {
        Assert.Null(Seasonality.Find(Enumerable.Repeat(45.0, 500).ToArray()));
        var random = new Random(3);
        Assert.Null(Seasonality.Find(Enumerable.Range(0, 2000).Select(_ => random.NextDouble()).ToArray()));
    }

    [Fact]
    public void RegularSeriesCountsGapsAndInterpolates()
    {
        long step = TimeSpan.TicksPerMinute * 5;
        var ticks = Enumerable.Range(0, 20).Where(i => i is < 8 or > 10).Select(i => i * step).ToArray();
        var values = ticks.Select(t => (double)(t / step)).ToArray();
        var grid = RegularSeries.From(ticks, values)!;
        Assert.Equal(step, grid.Step);
        Assert.Equal(20, grid.Values.Length);
        Assert.Equal((8, 3), Assert.Single(grid.Gaps));
        Assert.Equal(9, grid.Values[9], 9);
        Assert.False(grid.Observed[9]);
    }

    [Fact]
    public void TrendFitsALine()
    {
        var (slope, intercept, r2) = Trend.Fit([1, 3, 5, 7, 9]);
        Assert.Equal(2, slope, 9);
        Assert.Equal(1, intercept, 9);
        Assert.Equal(1, r2, 9);
    }
}
