using Pipeline.Engine.Analyze.Detect;
using Pipeline.Nab;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Analyze.Detect;

/// <summary>Every registered detector is causal: cutting a series short never changes the scores before the cut.</summary>
public sealed class DetectorCausalityTests
{
    public static TheoryData<string> Detectors => new(AnomalyDetectorRegistry.All.Select(d => d.Name));

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Scores_before_a_random_cut_do_not_change_when_the_series_is_truncated(string name)
    {
        var detector = AnomalyDetectorRegistry.Find(name);
        var random = new Random(18);
        foreach (var file in new[] { "realTraffic/speed_7578.csv", "realAdExchange/exchange-2_cpc_results.csv", "artificialWithAnomaly/art_daily_jumpsup.csv" })
        {
            var series = NabSeries.Load(Corpus.Path("nab"), file);
            var ticks = series.Timestamps.Select(t => t.Ticks).ToArray();
            var full = SeriesScoring.Score(detector, ticks, series.Values);
            Assert.All(full, s => Assert.InRange(s, 0.0, 1.0));
            for (int cut = 0; cut < 4; cut++)
            {
                int length = random.Next(1, series.Values.Length);
                var truncated = SeriesScoring.Score(detector, ticks.AsSpan(0, length), series.Values.AsSpan(0, length));
                Assert.Equal(full.AsSpan(0, length).ToArray(), truncated);
            }
        }
    }

    [Fact]
    public void The_default_detector_raises_its_top_score_inside_the_labelled_window_of_a_jump_and_rarely_outside()
    {
        // art_daily_jumpsup: a daily pattern whose peak jumps from ~88 to ~165 on 2014-04-11 (KNOWN_FACTS.md).
        var series = NabSeries.Load(Corpus.Path("nab"), "artificialWithAnomaly/art_daily_jumpsup.csv");
        var scores = SeriesScoring.Score(AnomalyDetectorRegistry.Find(AnomalyDetectorRegistry.DefaultName),
            series.Timestamps.Select(t => t.Ticks).ToArray(), series.Values);
        var start = new DateTime(2014, 4, 10, 16, 15, 0);
        var end = new DateTime(2014, 4, 12, 1, 45, 0);
        bool Inside(int i) => series.Timestamps[i] >= start && series.Timestamps[i] <= end;

        Assert.Contains(Enumerable.Range(0, scores.Length), i => Inside(i) && scores[i] >= 0.99);
        int alarmsOutside = Enumerable.Range(0, scores.Length).Count(i => !Inside(i) && scores[i] >= 0.99);
        Assert.True(alarmsOutside < scores.Length / 100, $"{alarmsOutside} top scores outside the window");
    }

    [Fact]
    public void A_flat_series_never_raises_an_alarm_and_scores_every_row_alike()
    {
        var series = NabSeries.Load(Corpus.Path("nab"), "artificialNoAnomaly/art_flatline.csv");
        var scores = SeriesScoring.Score(AnomalyDetectorRegistry.Find(AnomalyDetectorRegistry.DefaultName),
            series.Timestamps.Select(t => t.Ticks).ToArray(), series.Values);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 0.1));
        Assert.Single(scores.Skip(1000).Distinct());
    }

    [Fact]
    public void An_unknown_detector_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => AnomalyDetectorRegistry.Find("nope"));
        Assert.Contains(AnomalyDetectorRegistry.DefaultName, error.Message);
    }
}
