using Pipeline.Engine.Synthesize.Insights;
using Pipeline.TestSupport;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Tests.Document;

/// <summary>The facts in the corpus's KNOWN_FACTS.md must be among the top insights of the default pipeline.</summary>
public class InsightRecallTests
{
    private static async Task<IReadOnlyList<Insight>> InsightsOf(params string[] corpusPath)
    {
        using var dir = new TempDirectory();
        var results = await ReportRuns.RunDefaultAsync(Corpus.Path(corpusPath), dir.File("run"));
        return results.Insights;
    }

    private static void AssertTop(IReadOnlyList<Insight> insights, int top, string kind, params string[] columns)
    {
        int rank = ReportRuns.RankOf(insights, kind, columns);
        Assert.True(rank >= 0 && rank < top, $"expected {kind} on {string.Join(",", columns)} in the top {top}, got rank {rank}:\n{ReportRuns.Describe(insights)}");
    }

    [Fact]
    public async Task DiamondsCaratPriceZeroDimensionsAndDuplicates()
    {
        var insights = await InsightsOf("seaborn-data", "diamonds.csv");
        AssertTop(insights, 5, "strong_correlation", "carat", "price");
        Assert.Equal(0.92159, insights[ReportRuns.RankOf(insights, "strong_correlation", "carat", "price")].Evidence["pearson"], 4);
        AssertTop(insights, 8, "zero_values", "z");
        Assert.Equal(20, insights[ReportRuns.RankOf(insights, "zero_values", "z")].Evidence["zeros"]);
        // Segment differences (table by cut, size by clarity) now come before this data-quality detail (issue 17).
        AssertTop(insights, 10, "duplicates");
        Assert.Equal(146, insights[ReportRuns.RankOf(insights, "duplicates")].Evidence["duplicate_rows"]);
    }

    [Fact]
    public async Task PenguinsSimpsonsParadoxAndTheTwoEmptyRows()
    {
        var insights = await InsightsOf("seaborn-data", "penguins.csv");
        AssertTop(insights, 5, "simpsons_paradox", "bill_length_mm", "bill_depth_mm", "species");
        var simpson = insights[ReportRuns.RankOf(insights, "simpsons_paradox", "bill_length_mm", "bill_depth_mm")];
        Assert.Equal(-0.2351, simpson.Evidence["overall_pearson"], 3);
        Assert.Equal(0.391, simpson.Evidence["pearson[Adelie]"], 2);
        Assert.Equal(0.654, simpson.Evidence["pearson[Chinstrap]"], 2);
        Assert.Equal(0.643, simpson.Evidence["pearson[Gentoo]"], 2);
        // Species differences and the reversal lead (issue 17); the two empty rows are a data-quality detail after them.
        AssertTop(insights, 10, "empty_rows");
        Assert.Equal(2, insights[ReportRuns.RankOf(insights, "empty_rows")].Evidence["rows"]);
    }

    [Fact]
    public async Task PlanetsMissingMassAndSkewedOrbitalPeriod()
    {
        var insights = await InsightsOf("seaborn-data", "planets.csv");
        AssertTop(insights, 5, "missing", "mass");
        Assert.InRange(insights[ReportRuns.RankOf(insights, "missing", "mass")].Evidence["null_pct"], 50.43, 50.44);
        AssertTop(insights, 5, "skewed", "orbital_period");
        Assert.Equal(24.27, insights[ReportRuns.RankOf(insights, "skewed", "orbital_period")].Evidence["skewness"], 1);
    }

    [Fact]
    public async Task IrisPetalLengthAndWidth()
    {
        var insights = await InsightsOf("seaborn-data", "iris.csv");
        AssertTop(insights, 6, "strong_correlation", "petal_length", "petal_width");
    }

    [Theory]
    [InlineData("artificialNoAnomaly", "art_daily_small_noise")]
    [InlineData("artificialNoAnomaly", "art_daily_no_noise")]
    [InlineData("artificialWithAnomaly", "art_daily_jumpsup")]
    public async Task NabDailySeriesHavePeriod288(string folder, string name)
    {
        var insights = await InsightsOf("nab", "data", folder, name + ".csv");
        AssertTop(insights, 2, "seasonality", "value");
        var season = insights[ReportRuns.RankOf(insights, "seasonality", "value")];
        Assert.Equal(288, season.Evidence["period_points"]);
        Assert.Equal(86_400, season.Evidence["period_seconds"]);
    }

    [Fact]
    public async Task NabJumpsUpFlagsTheLabelledWindowAndNoiseHasNoPattern()
    {
        var jumps = await InsightsOf("nab", "data", "artificialWithAnomaly", "art_daily_jumpsup.csv");
        var spikes = jumps[ReportRuns.RankOf(jumps, "spikes", "value")];
        // The labelled anomaly window is 2014-04-10 16:15 .. 2014-04-12 01:45; the largest value is 164.9.
        Assert.Contains("2014-04-11", spikes.Title);
        Assert.True(spikes.Evidence["value"] > 150, spikes.Title);

        var noise = await InsightsOf("nab", "data", "artificialNoAnomaly", "art_noisy.csv");
        Assert.Equal(-1, ReportRuns.RankOf(noise, "seasonality"));
        Assert.Equal(-1, ReportRuns.RankOf(noise, "spikes"));
        var quiet = await InsightsOf("nab", "data", "artificialNoAnomaly", "art_daily_small_noise.csv");
        Assert.Equal(-1, ReportRuns.RankOf(quiet, "spikes"));
        var flat = await InsightsOf("nab", "data", "artificialNoAnomaly", "art_flatline.csv");
        Assert.Equal(-1, ReportRuns.RankOf(flat, "seasonality"));
    }

    [Fact]
    public async Task DailyPatternIsFoundInABucketedSeries()
    {
        // 100,000 minutes: more points than are kept exactly, so the series is averaged into time buckets.
        using var dir = new TempDirectory();
        var random = new Random(5);
        var csv = new System.Text.StringBuilder("at,load\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 100_000; i++)
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{start.AddMinutes(i):yyyy-MM-dd HH:mm:ss},{50 + 20 * Math.Sin(2 * Math.PI * i / 1440) + random.NextDouble():0.000}\n");
        var results = await ReportRuns.RunDefaultAsync(dir.WriteText("load.csv", csv.ToString()), dir.File("run"));
        var season = results.Insights[ReportRuns.RankOf(results.Insights, "seasonality", "load")];
        Assert.InRange(season.Evidence["period_seconds"], 86_400 * 0.98, 86_400 * 1.02);
        Assert.True(season.Evidence["step_seconds"] > 60, "expected time buckets wider than the 1-minute input step");
    }
}
