using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Data;
using Pipeline.Engine.Analyze.Series;
using Pipeline.Engine.Document.Svg;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Each chart of a fixed input must be byte-identical to its golden file in <c>Document/Golden</c> (invariant
/// culture, fixed rounding). To accept a deliberate change, run with <c>PIPELINE_UPDATE_GOLDEN=1</c> and review the diff.</summary>
public class SvgGoldenTests
{
    private static void AssertGolden(string name, string svg)
    {
        var path = Path.Combine(Corpus.RepositoryRoot, "tests", "Pipeline.Engine.Tests", "Document", "Golden", name);
        if (Environment.GetEnvironmentVariable("PIPELINE_UPDATE_GOLDEN") == "1") File.WriteAllText(path, svg);
        Assert.True(File.Exists(path), $"golden file {path} is missing");
        Assert.Equal(File.ReadAllText(path), svg);
    }

    [Fact]
    public void Histogram() => AssertGolden("histogram.svg",
        HistogramChart.Render("price", new HistogramProfile([0, 2.5, 5, 7.5, 10], [3, 10, 6, 1])));

    [Fact]
    public void TopValueBars() => AssertGolden("bars.svg",
        BarChart.Render("Top values of cut", [("Ideal", 21551), ("Premium", 13791), ("Very Good", 12082), ("Good", 4906), ("Fair", 1610)], 53940));

    [Fact]
    public void CorrelationHeatMap() => AssertGolden("heatmap.svg", HeatMapChart.Render(
    [
        new Correlation("a", "b", "pearson", 0.92159, 100),
        new Correlation("a", "c", "pearson", -0.5, 100),
        new Correlation("b", "c", "pearson", 0.01, 100),
    ])!);

    [Fact]
    public void MissingValueMatrix() => AssertGolden("missing.svg", MissingMatrixChart.Render(
        new NullPatterns(["species", "bill", "mass", "sex"], [333, 9, 0, 2, 0], 333,
            [new NullPattern(["sex"], 9), new NullPattern(["bill", "mass", "sex"], 2)], 0))!);

    [Fact]
    public void TimeSeriesWithFlaggedPoint()
    {
        var values = Enumerable.Range(0, 96).Select(i => 10 + 5 * Math.Sin(2 * Math.PI * i / 12)).ToArray();
        values[30] = 40;
        var ticks = Enumerable.Range(0, 96).Select(i => i * TimeSpan.TicksPerHour).ToArray();
        var series = SeriesAnalysis.Of(new TimeSeriesSample("at", ["load"], ticks, [values], 0, 96)).Single();
        Assert.Equal(12, series.Period);
        Assert.Equal(30, Assert.Single(series.Spikes).Index);
        AssertGolden("series.svg", TimeSeriesChart.Render(series));
    }
}
