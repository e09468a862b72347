using System.Globalization;
using System.Text;
using Pipeline.Engine.Results;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Recall: the sentence an analyst would lead with (rates and means by segment, same summary with different
/// shapes) is among the top insights with its numbers. Precision: tables of independent columns raise none.</summary>
public class AnalystInsightTests
{
    private static async Task<IReadOnlyList<Insight>> Run(string path)
    {
        using var dir = new TempDirectory();
        return (await ReportRuns.RunDefaultAsync(path, dir.File("run"))).Insights;
    }

    private static async Task<IReadOnlyList<Insight>> RunText(string name, string csv)
    {
        using var dir = new TempDirectory();
        return (await ReportRuns.RunDefaultAsync(dir.WriteText(name, csv), dir.File("run"))).Insights;
    }

    private static Insight Top(IReadOnlyList<Insight> insights, int top, string kind, params string[] columns)
    {
        int rank = ReportRuns.RankOf(insights, kind, columns);
        Assert.True(rank >= 0 && rank < top, $"expected {kind} on {string.Join(",", columns)} in the top {top}, got rank {rank}:\n{ReportRuns.Describe(insights)}");
        return insights[rank];
    }

    [Fact]
    public async Task TipsSmokerRateIsHighestOnFridayAndLowestOnSunday()
    {
        var insight = Top(await Run(Corpus.Path("seaborn-data", "tips.csv")), 5, "segment_difference", "smoker", "day");
        Assert.Equal(1500.0 / 19, insight.Evidence["rate_pct[Fri]"], 3);
        Assert.Equal(19, insight.Evidence["n[Fri]"]);
        Assert.Equal(25, insight.Evidence["rate_pct[Sun]"], 4);
        Assert.Equal(76, insight.Evidence["n[Sun]"]);
        Assert.Contains("78.9% (n = 19", insight.Title);
        Assert.Contains("25.0% (n = 76", insight.Title);
        Assert.True(insight.Evidence["q_value"] < 0.05);
    }

    [Fact]
    public async Task MpgByOrigin()
    {
        var insights = await Run(Corpus.Path("seaborn-data", "mpg.csv"));
        var insight = Top(insights, 5, "segment_difference", "mpg", "origin");
        Assert.Equal(30.4506, insight.Evidence["mean[japan]"], 3);
        Assert.Equal(79, insight.Evidence["n[japan]"]);
        Assert.Equal(20.0835, insight.Evidence["mean[usa]"], 3);
        Assert.True(insight.Evidence["mean_low[japan]"] < 30.4506 && insight.Evidence["mean_high[japan]"] > 30.4506);
        // mpg across cylinders is the correlation already reported (r = -0.78), not a second finding.
        Assert.Equal(-1, ReportRuns.RankOf(insights, "segment_difference", "mpg", "cylinders"));
    }

    [Fact]
    public async Task PenguinFlipperLengthBySpeciesAndIrisPetalsBySpecies()
    {
        var penguins = Top(await Run(Corpus.Path("seaborn-data", "penguins.csv")), 5, "segment_difference", "flipper_length_mm", "species");
        Assert.Equal(217.1870, penguins.Evidence["mean[Gentoo]"], 3);
        Assert.Equal(189.9536, penguins.Evidence["mean[Adelie]"], 3);
        Assert.Equal(151, penguins.Evidence["n[Adelie]"]);
        var iris = Top(await Run(Corpus.Path("seaborn-data", "iris.csv")), 3, "segment_difference", "petal_length", "species");
        Assert.Equal(1.462, iris.Evidence["mean[setosa]"], 3);
        Assert.True(iris.Evidence["eta_squared"] > 0.9);
    }

    [Fact]
    public async Task ChurnRateBySegmentIsTheHeadline()
    {
        // 300 customers: plan A churns 74 of 100, plan B 38 of 200; region and a score are noise. A column 77% missing
        // must not lead.
        var random = new Random(17);
        var csv = new StringBuilder("customer_id,plan,region,score,note,churned\n");
        for (int i = 0; i < 300; i++)
        {
            bool a = i < 100;
            bool churned = a ? i < 74 : i - 100 < 38;
            string note = i % 100 < 77 ? "" : "called";
            csv.Append(CultureInfo.InvariantCulture, $"{1000 + i},{(a ? "A" : "B")},{(random.Next(3) switch { 0 => "north", 1 => "south", _ => "west" })},{random.NextDouble() * 100:0.00},{note},{(churned ? 1 : 0)}\n");
        }
        var insights = await RunText("churn.csv", csv.ToString());
        var insight = Top(insights, 1, "segment_difference", "churned", "plan");
        Assert.Contains("The rate of churned = 1 is 74.0% (n = 100", insight.Title);
        Assert.Contains("19.0% (n = 200", insight.Title);
        Assert.InRange(insight.Evidence["rate_pct_low[A]"], 64, 74);
        Assert.InRange(insight.Evidence["rate_pct_high[B]"], 19, 26);
        Assert.DoesNotContain(insights, i => i.Kind == "segment_difference" && i.Columns.Contains("region"));
    }

    [Fact]
    public async Task AnscombesQuartetHasTheSameSummaryButDifferentShapes()
    {
        double[] x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5], x4 = [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8];
        double[][] y =
        [
            [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68],
            [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74],
            [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73],
            [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89],
        ];
        string[] names = ["I", "II", "III", "IV"];
        var csv = new StringBuilder("dataset,x,y\n");
        for (int d = 0; d < 4; d++)
            for (int i = 0; i < 11; i++) csv.Append(CultureInfo.InvariantCulture, $"{names[d]},{(d == 3 ? x4[i] : x[i])},{y[d][i]}\n");
        var insights = await RunText("anscombe.csv", csv.ToString());
        var insight = Top(insights, 1, "same_summary_different_shape", "x", "y", "dataset");
        Assert.Equal(9, insight.Evidence["mean_x[II]"], 6);
        Assert.Equal(7.50, insight.Evidence["mean_y[III]"], 2);
        Assert.Equal(0.816, insight.Evidence["pearson[I]"], 3);
        Assert.Equal(0.5, insight.Evidence["slope[IV]"], 2);
        Assert.Contains("dataset = II is curved", insight.Title);
        Assert.Contains("dataset = III is a line with one outlier", insight.Title);
        Assert.Contains("dataset = IV has x at only 2 values", insight.Title);
        Assert.Equal(-1, ReportRuns.RankOf(insights, "strong_correlation", "x", "y"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task IndependentColumnsRaiseNoFinding(int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,colour,size,flag,active,amount,weight,ratio\n");
        for (int i = 0; i < 2000; i++)
            csv.Append(CultureInfo.InvariantCulture,
                $"{i},{"red green blue amber".Split(' ')[random.Next(4)]},{"S M L".Split(' ')[random.Next(3)]},{random.Next(2)},{(random.Next(2) == 1 ? "yes" : "no")},{50 + 10 * Normal(random):0.000},{70 + 8 * Normal(random):0.00},{random.NextDouble():0.0000}\n");
        var insights = await RunText("clean.csv", csv.ToString());
        Assert.DoesNotContain(insights, i => i.Kind is "segment_difference" or "same_summary_different_shape" or "simpsons_paradox" or "strong_correlation");
        Assert.DoesNotContain(insights, i => i.Severity is InsightSeverity.High or InsightSeverity.Medium);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
