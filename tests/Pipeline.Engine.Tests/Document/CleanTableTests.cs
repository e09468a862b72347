using System.Globalization;
using System.Text;
using Pipeline.Core.Options;
using Pipeline.Engine.Synthesize.Insights;
using Pipeline.TestSupport;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Tests.Document;

/// <summary>A generated table with nothing planted in it must not raise a high-severity finding, and the insights
/// must not depend on batch size or parallelism.</summary>
public class CleanTableTests
{
    /// <summary>2,000 rows: a key, an hourly timestamp without gaps, two independent normal measures, a balanced
    /// category and a boolean; no nulls, duplicates, zeros or infinities.</summary>
    private static string CleanCsv()
    {
        var random = new Random(42);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        string[] regions = ["north", "south", "east", "west"];
        var csv = new StringBuilder("id,at,height,weight,region,active\n");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 2000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},{start.AddHours(i):yyyy-MM-dd HH:mm:ss},{170 + 8 * Normal():0.00},{70 + 9 * Normal():0.00},{regions[i % 4]},{(i % 3 == 0 ? "true" : "false")}\n");
        return csv.ToString();
    }

    [Fact]
    public async Task NoHighSeverityInsightOnCleanData()
    {
        using var dir = new TempDirectory();
        var results = await ReportRuns.RunDefaultAsync(dir.WriteText("clean.csv", CleanCsv()), dir.File("run"));
        Assert.DoesNotContain(results.Insights, i => i.Severity == InsightSeverity.High);
        Assert.DoesNotContain(results.Insights, i => i.Severity == InsightSeverity.Medium);
        Assert.All(results.Rules, r => Assert.True(r.Passed, r.Name));
        Assert.Contains("We found no data quality issue that needs attention.", results.Narrative!.Executive);
    }

    [Fact]
    public async Task InsightsDoNotDependOnBatchSizeOrParallelism()
    {
        using var dir = new TempDirectory();
        var input = Corpus.Path("seaborn-data", "penguins.csv");
        var one = await ReportRuns.RunDefaultAsync(input, dir.File("one"), new PipelineOptions { BatchSize = 65_536, MaxDegreeOfParallelism = 1 });
        var many = await ReportRuns.RunDefaultAsync(input, dir.File("many"), new PipelineOptions { BatchSize = 17, MaxDegreeOfParallelism = 4 });
        Assert.Equal(ReportRuns.Describe(one.Insights), ReportRuns.Describe(many.Insights));
        Assert.Equal(one.Insights.Select(i => string.Join(";", i.Evidence.Select(kv => $"{kv.Key}={kv.Value:R}"))),
            many.Insights.Select(i => string.Join(";", i.Evidence.Select(kv => $"{kv.Key}={kv.Value:R}"))));
    }
}
