using Pipeline.Engine.Analyze.Detect;

namespace Pipeline.Engine.Tests.Analyze.Detect;

/// <summary>The run-length posterior of Adams &amp; MacKay's change point model: quiet on a stable segment, sure of a change soon after a level shift.</summary>
public sealed class BayesianOnlineChangePointTests
{
    [Fact]
    public void A_level_shift_moves_the_posterior_to_short_run_lengths_within_a_few_rows_and_a_stable_segment_does_not()
    {
        var random = new Random(7);
        var model = new BayesianOnlineChangePoint(maxRunLength: 100, hazard: 1.0 / 250, kappa0: 0.1, alpha0: 1);
        double Noise() => random.NextDouble() + random.NextDouble() - 1; // triangular, spread about 0.4
        var beforeShift = new List<double>();
        for (int i = 0; i < 300; i++) beforeShift.Add(model.Next(10 + Noise(), 10, 0.4, recent: 5));
        Assert.True(beforeShift.Skip(50).Max() < 0.5, $"max change probability on a stable segment {beforeShift.Skip(50).Max()}");

        var afterShift = new List<double>();
        for (int i = 0; i < 5; i++) afterShift.Add(model.Next(20 + Noise(), 10, 0.4, recent: 5));
        Assert.True(afterShift.Max() > 0.9, $"max change probability after the shift {afterShift.Max()}");
        Assert.True(double.IsFinite(model.LastLogPredictive));
    }
}
