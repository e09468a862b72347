using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Date and time columns are shown as their spread over time, not as top values of distinct instants.</summary>
public class TimelineTests
{
    [Fact]
    public async Task ATimestampColumnGetsATimelineInTheProfileAndAHistogramInTheReport()
    {
        using var dir = new TempDirectory();
        var results = await ReportRuns.RunDefaultAsync(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"), dir.File("run"));
        Assert.Equal("ok", results.Status);
        var profile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("run/profile.json"))).RootElement;
        var ordered = profile.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ordered_at");
        var timeline = ordered.GetProperty("datetime").GetProperty("timeline");
        long total = timeline.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64());
        Assert.Equal(ordered.GetProperty("count").GetInt64(), total);
        Assert.Equal(21, timeline.GetProperty("edges").GetArrayLength());
        var html = File.ReadAllText(dir.File("run/report.html"));
        Assert.Contains("Histogram of ordered_at", html);
        Assert.DoesNotContain("Top values of ordered_at", html);
    }
}
