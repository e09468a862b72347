using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Analyze.Profile.Summary;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>The profile levels (issue 21): the summary's numbers against the full profile's and against exact
/// computation, its merge against one pass, its Parquet row-group scan against the streaming path, and the standard
/// level's columns against the full level's.</summary>
public class ProfileLevelTests
{
    private static List<RecordBatch> Read(string file, int batchSize)
    {
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(Corpus.Path("seaborn-data", file)),
            new PipelineContext(new PipelineOptions { BatchSize = batchSize }));
        return batches;
    }

    private static ProfileReport Summarize(IEnumerable<RecordBatch> batches, Schema schema)
    {
        var summary = new SummaryProfiler();
        foreach (var b in batches) summary.Update(b);
        return summary.Report(schema);
    }

    private static void Close(double? expected, double? actual)
    {
        if (expected is null || actual is null) { Assert.Equal(expected, actual); return; }
        Assert.True(Math.Abs(expected.Value - actual.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)), $"{expected} vs {actual}");
    }

    /// <summary>The members the summary computes exactly equal the full profile's; the distinct count is within
    /// HyperLogLog's error (1.04/√16384 = 0.8 %, checked at four times that).</summary>
    private static void AssertSummaryAgrees(ProfileReport full, ProfileReport summary)
    {
        Assert.Equal("summary", summary.Level);
        Assert.Equal(full.RowCount, summary.RowCount);
        Assert.Equal(full.MissingCells, summary.MissingCells);
        for (int i = 0; i < full.Columns.Count; i++)
        {
            var f = full.Columns[i];
            var s = summary.Columns[i];
            Assert.Equal(f.Name, s.Name);
            Assert.Equal(f.Type.Replace("dictionary<int32, utf8>", "utf8", StringComparison.Ordinal), s.Type.Replace("dictionary<int32, utf8>", "utf8", StringComparison.Ordinal));
            Assert.Equal(f.Count, s.Count);
            Assert.Equal(f.NullCount, s.NullCount);
            Assert.Equal(f.NullPct, s.NullPct);
            if (f.Kind != "boolean" && f.Min is not null) { Assert.Equal(f.Min, s.Min); Assert.Equal(f.Max, s.Max); }
            Close(f.Mean, s.Mean);
            Close(f.Stddev, s.Stddev);
            Assert.True(Math.Abs(f.DistinctCount - s.DistinctCount) <= Math.Max(1, 0.032 * f.DistinctCount),
                $"{f.Name}: distinct {s.DistinctCount} vs exact {f.DistinctCount}");
            if (f.Kind == "numeric" && f.Count > 0)
            {
                Assert.Equal(["p25", "p50", "p75"], s.Quantiles!.Keys.Order());
                Assert.NotNull(s.QuantileRankError);
            }
        }
    }

    [Theory]
    [InlineData("diamonds.csv")]
    [InlineData("penguins.csv")]
    [InlineData("planets.csv")]
    [InlineData("mpg.csv")]
    public void TheSummaryEqualsTheFullProfileOnWhatItComputes(string file)
    {
        var batches = Read(file, 1000);
        var full = new TableProfiler(batches[0].Schema);
        foreach (var b in batches) full.Update(b);
        AssertSummaryAgrees(full.Report(), Summarize(batches, batches[0].Schema));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void SummaryQuantilesAreWithinTheirStatedRankError()
    {
        var batches = Read("diamonds.csv", 4096);
        var summary = Summarize(batches, batches[0].Schema);
        int price = batches[0].Schema.GetFieldIndex("price");
        var values = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => Convert.ToDouble(((Int64Array)b.Column(price)).GetValue(i)!.Value))).Order().ToArray();
        var column = summary.Columns[price];
        foreach (var (key, q) in new[] { ("p25", 0.25), ("p50", 0.5), ("p75", 0.75) })
        {
            double estimate = (double)column.Quantiles![key]!;
            // The fraction of values below and at the estimate must bracket q within the stated error.
            double below = values.Count(v => v < estimate) / (double)values.Length;
            double atOrBelow = values.Count(v => v <= estimate) / (double)values.Length;
            Assert.True(below - column.QuantileRankError <= q && q <= atOrBelow + column.QuantileRankError,
                $"{key}: {estimate} sits at ranks {below:F4}–{atOrBelow:F4}, error {column.QuantileRankError}");
        }
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData("diamonds.csv", 3)]
    [InlineData("planets.csv", 5)]
    public void TheSummaryOfMergedPartsEqualsTheSinglePassOnExactMembers(string file, int seed)
    {
        var batches = Read(file, 97);
        var whole = Summarize(batches, batches[0].Schema);
        var random = new Random(seed);
        var parts = Enumerable.Range(0, 3).Select(_ => new SummaryProfiler()).ToArray();
        foreach (var b in batches) parts[random.Next(parts.Length)].Update(b);
        parts[2].Merge(parts[0]);
        parts[2].Merge(parts[1]);
        var merged = parts[2].Report(batches[0].Schema);
        for (int i = 0; i < whole.Columns.Count; i++)
        {
            var (w, m) = (whole.Columns[i], merged.Columns[i]);
            Assert.Equal(w.Count, m.Count);
            Assert.Equal(w.NullCount, m.NullCount);
            Assert.Equal(w.Min, m.Min);
            Assert.Equal(w.Max, m.Max);
            Assert.Equal(w.DistinctCount, m.DistinctCount); // HyperLogLog registers merge by max: order-free
            Close(w.Mean, m.Mean);
            Close(w.Stddev, m.Stddev);
        }
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TheParquetRowGroupScanEqualsTheStreamingSummary(int parallelism)
    {
        using var dir = new TempDirectory();
        var csv = Corpus.Path("seaborn-data", "planets.csv");
        var parquet = dir.File("planets.parquet");
        // Small row groups, so the scan spreads several over its workers.
        await BatchRunner.RunAsync(new BatchPlan(FileFormats.OpenSource(csv), [], [],
            [FileFormats.CreateSink(parquet, new SinkOptions { ParquetRowGroupSize = 500 })]), new PipelineContext());
        var engine = new PipelineOptions { MaxDegreeOfParallelism = parallelism };
        var streamed = await Profiler.SummarizeAsync(FileFormats.OpenSource(csv), engine: engine);
        var scanned = await Profiler.SummarizeAsync(FileFormats.OpenSource(parquet), engine: engine);
        Assert.Equal(streamed.RowCount, scanned.RowCount);
        for (int i = 0; i < streamed.Columns.Count; i++)
        {
            var (s, p) = (streamed.Columns[i], scanned.Columns[i]);
            Assert.Equal(s.Name, p.Name);
            Assert.Equal(s.Count, p.Count);
            Assert.Equal(s.NullCount, p.NullCount);
            Assert.Equal(s.Min, p.Min);
            Assert.Equal(s.Max, p.Max);
            Close(s.Mean, p.Mean);
            Close(s.Stddev, p.Stddev);
            Assert.Equal(s.DistinctCount, p.DistinctCount); // the same hashes of the same values
        }
    }

    [Theory]
    [InlineData("penguins.csv")]
    [InlineData("mpg.csv")]
    public void TheStandardLevelKeepsEveryColumnStatisticAndLeavesOutThePairs(string file)
    {
        var batches = Read(file, 500);
        var full = new TableProfiler(batches[0].Schema);
        var standard = new TableProfiler(batches[0].Schema, new ProfileOptions { Level = ProfileLevel.Standard });
        foreach (var b in batches) { full.Update(b); standard.Update(b); }
        var (f, s) = (full.Report(), standard.Report());
        Assert.Equal("full", f.Level);
        Assert.Equal("standard", s.Level);
        Assert.False(s.DuplicateRowCountExact);
        Assert.Empty(s.Copies);
        Assert.Empty(s.OneToOne);
        Assert.Empty(s.MissingTogether);
        Assert.DoesNotContain(s.Correlations, c => c.Method is "spearman" or "cramers_v");
        Assert.Equal(f.Correlations.Where(c => c.Method == "pearson"), s.Correlations);
        for (int i = 0; i < f.Columns.Count; i++)
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(f.Columns[i]), System.Text.Json.JsonSerializer.Serialize(s.Columns[i]));
        foreach (var b in batches) b.Dispose();
    }
}
