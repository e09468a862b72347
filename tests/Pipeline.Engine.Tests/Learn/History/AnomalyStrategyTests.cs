using Pipeline.Core.Errors;
using Pipeline.Engine.Learn.History;
using Pipeline.Engine.Learn.History.Anomalies;

namespace Pipeline.Engine.Tests.Learn.History;

/// <summary>Each anomaly strategy on series whose answer is known by hand.</summary>
public class AnomalyStrategyTests
{
    private static readonly double[] Steady = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101];

    [Fact]
    public void Absolute_change_bounds_the_move_from_the_previous_value()
    {
        var range = new AbsoluteChangeStrategy(MaxDecrease: 5, MaxIncrease: 10).Expect(Steady)!.Value;
        Assert.Equal((96, 111), (range.Lower, range.Upper));
        Assert.Null(new AbsoluteChangeStrategy(5, 5).Expect([]));
        Assert.Equal(double.PositiveInfinity, new AbsoluteChangeStrategy(5, null).Expect([1.0])!.Value.Upper);
    }

    [Fact]
    public void Relative_rate_of_change_bounds_the_ratio_to_the_previous_value()
    {
        var range = new RelativeRateOfChangeStrategy(0.5, 2.0).Expect([10, 1000])!.Value;
        Assert.Equal((500, 2000), (range.Lower, range.Upper));
        Assert.True(range.Contains(1999));
        Assert.False(range.Contains(499));
    }

    [Fact]
    public void Simple_thresholds_ignore_the_history()
    {
        var range = new SimpleThresholdStrategy(0, 1).Expect([])!.Value;
        Assert.True(range.Contains(0.5));
        Assert.False(range.Contains(1.5));
    }

    [Fact]
    public void Batch_normal_is_the_mean_plus_or_minus_deviations()
    {
        var range = new BatchNormalStrategy(2, 2).Expect([1.0, 2, 3, 4, 5])!.Value;
        // Mean 3, sample standard deviation √2.5.
        Assert.Equal(3 - 2 * Math.Sqrt(2.5), range.Lower, 9);
        Assert.Equal(3 + 2 * Math.Sqrt(2.5), range.Upper, 9);
        Assert.Null(new BatchNormalStrategy().Expect([1.0, 2]));
    }

    [Fact]
    public void Online_normal_leaves_an_earlier_anomaly_out_of_its_statistics()
    {
        double[] series = [.. Steady, 500, 100, 99];
        var ignoring = new OnlineNormalStrategy().Expect(series)!.Value;
        var learning = new OnlineNormalStrategy(IgnoreAnomalies: false).Expect(series)!.Value;
        Assert.InRange(ignoring.Upper, 100, 110);
        Assert.True(learning.Upper > 400);
    }

    [Fact]
    public void Holt_winters_follows_a_weekly_season_that_a_normal_band_would_miss()
    {
        // Weekends load a tenth of a weekday, for four weeks, with a little noise.
        var random = new Random(7);
        var series = Enumerable.Range(0, 28).Select(d => (d % 7 >= 5 ? 100.0 : 1000.0) + random.Next(-10, 10)).ToList();
        var strategy = new HoltWintersStrategy(Season: 7);
        // Day 28 is a Monday: a weekday load is normal, a weekend-sized one is not.
        var monday = strategy.Expect(series)!.Value;
        Assert.True(monday.Contains(1000));
        Assert.False(monday.Contains(100));
        // A normal band over the same history takes both for normal.
        var batch = new BatchNormalStrategy().Expect(series)!.Value;
        Assert.True(batch.Contains(100) && batch.Contains(1000));
        Assert.Null(strategy.Expect(series.Take(13).ToList()));
    }

    [Fact]
    public void Adaptive_normal_learns_first_then_flags_a_one_off_and_forgets_it()
    {
        var strategy = new AdaptiveNormalStrategy();
        Assert.Null(strategy.Judge([100, 101, 99, 100], 500).Range);
        Assert.True(strategy.Judge(Steady, 500).IsAnomaly);
        Assert.False(strategy.Judge(Steady, 101).IsAnomaly);
        // After the one-off, the next normal value is normal, and the one-off is named so it is not a baseline.
        var after = strategy.Judge([.. Steady, 10], 100);
        Assert.False(after.IsAnomaly);
        Assert.Equal([Steady.Length], after.OneOffs);
        Assert.InRange(after.Range!.Value.HalfWidth, 0, 20);
    }

    [Fact]
    public void Adaptive_normal_reports_a_level_shift_once_then_learns_the_new_level()
    {
        var strategy = new AdaptiveNormalStrategy();
        var series = Steady.ToList();
        Assert.True(strategy.Judge(series, 150).IsAnomaly);
        series.Add(150);
        for (int day = 0; day < 10; day++)
        {
            double value = 150 + (day % 3) - 1;
            Assert.False(strategy.Judge(series, value).IsAnomaly, $"day {day} after the shift");
            series.Add(value);
        }
        // Once learnt, the old level is the anomaly.
        Assert.True(strategy.Judge(series, 100).IsAnomaly);
    }

    [Fact]
    public void A_metric_that_never_moved_is_not_an_anomaly_for_a_change_inside_its_floor()
    {
        var strategy = new AdaptiveNormalStrategy { Floor = 20 };
        double[] flat = [1000, 1000, 1000, 1000, 1000, 1000];
        Assert.False(strategy.Judge(flat, 1010).IsAnomaly);
        Assert.True(strategy.Judge(flat, 1100).IsAnomaly);
    }

    [Fact]
    public void Strategies_are_found_by_name_with_their_parameters()
    {
        var strategy = AnomalyStrategies.Create("relative_rate_of_change", new Dictionary<string, string> { ["max_decrease"] = "0.5", ["max_increase"] = "2" }, "rule 'volume'");
        Assert.Equal(new RelativeRateOfChangeStrategy(0.5, 2.0), strategy);
        Assert.Equal(7, AnomalyStrategies.Names.Count);
        var unknown = Assert.Throws<PipelineException>(() => AnomalyStrategies.Create("zscore", new Dictionary<string, string>(), "rule 'volume'"));
        Assert.Contains("unknown anomaly strategy 'zscore'", unknown.Message);
        var badKey = Assert.Throws<PipelineException>(() => AnomalyStrategies.Create("holt_winters", new Dictionary<string, string> { ["period"] = "7" }, "rule 'x'"));
        Assert.Contains("takes season, deviations, not 'period'", badKey.Message);
    }

    [Fact]
    public void Kolmogorov_survival_matches_the_table()
    {
        // The classic critical values: 1.358 at 5%, 1.628 at 1%, 1.949 at 0.1%.
        Assert.Equal(0.05, TwoSampleKs.Survival(1.358), 3);
        Assert.Equal(0.01, TwoSampleKs.Survival(1.628), 3);
        Assert.Equal(0.001, TwoSampleKs.Survival(1.949), 4);
    }
}
