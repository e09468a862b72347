using Pipeline.Nab;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Analyze.Detect;

/// <summary>The NAB scorer reproduces NAB's own numbers on NAB's published detector outputs.</summary>
public sealed class NabScorerTests
{
    private static readonly string NabRoot = Corpus.Path("nab");

    [Fact]
    public void Windowed_gaussian_outputs_score_as_NAB_publishes_them_on_the_51_series()
    {
        var labels = NabLabels.Load(Path.Combine(NabRoot, "labels", "combined_windows.json"));
        var series = labels.Series.Select(name => NabSeries.Load(NabRoot, name)).ToList();
        var scores = series.Select(s => NabSeries.LoadScores(NabRoot, "windowedGaussian", s.Name)).ToList();
        Assert.Equal(51, series.Count);

        var results = NabScorer.ScoreAll(labels, series, scores).ToDictionary(r => r.Profile.Name, r => r.Normalized);

        Assert.InRange(results["standard"], 44.75, 44.85);
        Assert.InRange(results["reward_low_FP_rate"], 22.97, 23.07);
        Assert.InRange(results["reward_low_FN_rate"], 53.53, 53.63);
    }

    [Fact]
    public void Scaled_sigmoid_matches_NAB_at_its_documented_points()
    {
        Assert.Equal(0.98661, NabSweep.ScaledSigmoid(-1.0), 5);
        Assert.Equal(0.84828, NabSweep.ScaledSigmoid(-0.5), 5);
        Assert.Equal(0.0, NabSweep.ScaledSigmoid(0.0), 12);
        Assert.Equal(-0.98661, NabSweep.ScaledSigmoid(1.0), 5);
        Assert.Equal(-1.0, NabSweep.ScaledSigmoid(3.0));
    }

    [Fact]
    public void A_detection_at_a_window_start_earns_the_whole_true_positive_weight_and_a_late_one_less()
    {
        var t0 = new DateTime(2020, 1, 1);
        var times = Enumerable.Range(0, 100).Select(i => t0.AddMinutes(i)).ToArray();
        var labels = new[] { new NabWindow(times[50], times[59]) };
        var points = NabSweep.Sweep(times, new double[100], labels, NabProfile.Standard, 0);

        Assert.Equal(85, points.Count); // 15 probationary rows left out
        Assert.Equal(1.0, points[50 - 15].SweepScore, 12);
        Assert.True(points[55 - 15].SweepScore < points[51 - 15].SweepScore);
        Assert.Equal(-NabProfile.Standard.FpWeight, points[0].SweepScore, 12); // no preceding window: full cost
        Assert.True(points[61 - 15].SweepScore > points[90 - 15].SweepScore); // just past a window costs less
    }
}
