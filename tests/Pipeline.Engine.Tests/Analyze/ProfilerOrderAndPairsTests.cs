using System.Globalization;
using System.Text;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Row-order facts (monotonicity, regular steps and gaps of time series), one-to-one column pairs and
/// missing values that occur together, on the corpus and on generated tables, at any parallelism and batch size.</summary>
public class ProfilerOrderAndPairsTests
{
    private static string Nab(string series) => Corpus.Path("nab", "data", series + ".csv");

    [Theory]
    [InlineData(1, 65536)]
    [InlineData(2, 97)]
    public async Task An_hourly_series_with_gaps_reports_its_step_and_the_gaps(int parallelism, int batchSize)
    {
        // KNOWN_FACTS: 1,624 hourly rows, one duplicate timestamp; Python over the file finds 5 steps longer than
        // 1.5 h covering 25 missing hours.
        var report = await FileProfiler.ProfileAsync(Nab("realAdExchange/exchange-2_cpc_results"),
            engine: new PipelineOptions { MaxDegreeOfParallelism = parallelism, BatchSize = batchSize });
        var timestamp = report.Columns.Single(c => c.Name == "timestamp");
        Assert.Equal("increasing", timestamp.Monotonic); // not strictly: one timestamp repeats
        var series = Assert.IsType<TimeSeriesProfile>(timestamp.Datetime!.Series);
        Assert.Equal(3600, series.StepSeconds);
        Assert.Equal(5, series.Gaps);
        Assert.Equal(25, series.MissingSteps);
        Assert.Equal(0, series.OutOfOrder);
        Assert.Equal(5, series.LargestGaps.Count);
        Assert.Contains(report.Alerts, a => a.Type == "time_gaps" && a.Column == "timestamp" && a.Value == 5);
    }

    [Fact]
    public async Task A_regular_five_minute_series_has_no_gaps_and_an_irregular_one_no_step()
    {
        var regular = await FileProfiler.ProfileAsync(Nab("artificialNoAnomaly/art_daily_small_noise"), engine: new PipelineOptions { BatchSize = 500 });
        var timestamp = regular.Columns.Single(c => c.Name == "timestamp");
        Assert.Equal("strictly_increasing", timestamp.Monotonic);
        Assert.Equal(300, timestamp.Datetime!.Series!.StepSeconds);
        Assert.Equal(0, timestamp.Datetime.Series.Gaps);
        Assert.Equal(1.0, timestamp.Datetime.Series.RegularShare);
        Assert.Equal("none", regular.Columns.Single(c => c.Name == "value").Monotonic);
        Assert.DoesNotContain(regular.Alerts, a => a.Type == "time_gaps");

        // 391 of 1,126 steps differ from the 5-minute mode: no regular step is claimed.
        var irregular = await FileProfiler.ProfileAsync(Nab("realTraffic/speed_7578"));
        Assert.Null(irregular.Columns.Single(c => c.Name == "timestamp").Datetime!.Series);
    }

    [Fact]
    public async Task Monotonicity_holds_across_batches_workers_and_partitions()
    {
        using var dir = new TempDirectory();
        var first = new StringBuilder("up,down,flat,wave\n");
        var second = new StringBuilder("up,down,flat,wave\n");
        for (int i = 0; i < 4000; i++)
            (i < 2000 ? first : second).Append(CultureInfo.InvariantCulture, $"{i},{-i / 2},7,{Math.Sin(i):0.###}\n");
        File.WriteAllText(dir.File("a.csv"), first.ToString());
        File.WriteAllText(dir.File("b.csv"), second.ToString());
        File.WriteAllText(dir.File("all.csv"), first.ToString() + second.ToString()[(second.ToString().IndexOf('\n') + 1)..]);

        var whole = await FileProfiler.ProfileAsync(dir.File("all.csv"), engine: new PipelineOptions { MaxDegreeOfParallelism = 2, BatchSize = 111 });
        string? Trend(ProfileReport r, string column) => r.Columns.Single(c => c.Name == column).Monotonic;
        Assert.Equal("strictly_increasing", Trend(whole, "up"));
        Assert.Equal("decreasing", Trend(whole, "down"));
        Assert.Equal("constant", Trend(whole, "flat"));
        Assert.Equal("none", Trend(whole, "wave"));

        var options = new PipelineOptions { MaxDegreeOfParallelism = 2, BatchSize = 300 };
        foreach (var part in new[] { "a", "b" })
        {
            var (_, state) = await Profiler.ProfileWithStateAsync(IO.Formats.FileFormats.OpenSource(dir.File(part + ".csv")), engine: options);
            ProfileStateFile.Write(state, dir.File(part + ".state"));
        }
        var inOrder = Profiler.Merge([dir.File("a.state"), dir.File("b.state")]);
        Assert.Equal("strictly_increasing", Trend(inOrder, "up"));
        Assert.Equal("decreasing", Trend(inOrder, "down"));
        var reversed = Profiler.Merge([dir.File("b.state"), dir.File("a.state")]);
        Assert.Equal("none", Trend(reversed, "up"));
    }

    [Fact]
    public async Task One_to_one_columns_are_found_and_related_but_many_to_one_columns_are_not()
    {
        using var dir = new TempDirectory();
        var csv = new StringBuilder("id,code,name,region\n");
        string[] codes = ["DE", "FR", "IT", "ES", "NL"];
        string[] names = ["Germany", "France", "Italy", "Spain", "Netherlands"];
        string[] regions = ["central", "west", "south", "south", "west"]; // many countries to one region
        for (int i = 0; i < 3000; i++)
        {
            int k = (i * 7) % 5;
            csv.Append(CultureInfo.InvariantCulture, $"{i},{codes[k]},{names[k]},{regions[k]}\n");
        }
        File.WriteAllText(dir.File("countries.csv"), csv.ToString());
        var report = await FileProfiler.ProfileAsync(dir.File("countries.csv"), engine: new PipelineOptions { MaxDegreeOfParallelism = 2, BatchSize = 250 });
        var mapping = Assert.Single(report.OneToOne);
        Assert.Equal(("code", "name", 5L), (mapping.A, mapping.B, mapping.Distinct));
        Assert.Contains(report.Alerts, a => a.Type == "one_to_one" && a.Column == "code,name");
    }

    [Fact]
    public async Task Penguins_two_all_null_rows_show_as_missing_together()
    {
        // KNOWN_FACTS: two rows have every measurement null; sex has 11 nulls in all.
        var report = await FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", "penguins.csv"));
        var bills = report.MissingTogether.Single(p => p.A == "bill_length_mm" && p.B == "bill_depth_mm");
        Assert.Equal((2L, 2L, 2L), (bills.BothMissing, bills.AMissing, bills.BMissing));
        Assert.Equal(1.0, bills.NullityCorrelation);
        var sex = report.MissingTogether.Single(p => p.A == "bill_length_mm" && p.B == "sex");
        Assert.Equal((2L, 2L, 11L), (sex.BothMissing, sex.AMissing, sex.BMissing));
        Assert.True(sex.NullityCorrelation is > 0 and < 1);
        Assert.DoesNotContain(report.MissingTogether, p => p.A == "species" || p.B == "species");
    }
}
