using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Partition equivalence and determinism: profile(A ∪ B) = merge(profile(A), profile(B)).</summary>
public class ProfilerMergeTests
{
    private static List<RecordBatch> Read(string file, int batchSize)
    {
        var (_, batches) = BatchReading.ReadAll(FileFormats.OpenSource(Corpus.Path("seaborn-data", file)),
            new PipelineContext(new PipelineOptions { BatchSize = batchSize }));
        return batches;
    }

    /// <summary>The facts a merge must keep exactly (counts, extremes, exact top values) or to 1e-9 (moments, correlations).</summary>
    internal static void AssertSame(ProfileReport expected, ProfileReport actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.DuplicateRowCount, actual.DuplicateRowCount);
        Assert.Equal(expected.MissingCells, actual.MissingCells);
        for (int i = 0; i < expected.Columns.Count; i++)
        {
            var e = expected.Columns[i];
            var a = actual.Columns[i];
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.NullCount, a.NullCount);
            Assert.Equal(e.DistinctCount, a.DistinctCount);
            Assert.Equal(e.Min, a.Min);
            Assert.Equal(e.Max, a.Max);
            Close(e.Mean, a.Mean);
            Close(e.Stddev, a.Stddev);
            Close(e.Skewness, a.Skewness);
            Close(e.Kurtosis, a.Kurtosis);
            Close(e.Sum, a.Sum);
            if (e.TopValuesExact) Assert.Equal(e.TopValues, a.TopValues);
        }
        Assert.Equal(expected.Correlations.Count, actual.Correlations.Count);
        for (int i = 0; i < expected.Correlations.Count; i++)
        {
            Assert.Equal(expected.Correlations[i].Method, actual.Correlations[i].Method);
            Close(expected.Correlations[i].Value, actual.Correlations[i].Value);
        }
    }

    private static void Close(double? expected, double? actual)
    {
        if (expected is null || actual is null) { Assert.Equal(expected, actual); return; }
        Assert.True(Math.Abs(expected.Value - actual.Value) <= 1e-9 * Math.Max(1, Math.Abs(expected.Value)), $"{expected} vs {actual}");
    }

    [Theory]
    [InlineData("diamonds.csv", 7)]
    [InlineData("penguins.csv", 3)]
    [InlineData("planets.csv", 11)]
    public void TheMergeOfRandomSplitsEqualsTheSinglePass(string file, int seed)
    {
        var batches = Read(file, 97);
        var whole = new TableProfiler(batches[0].Schema);
        foreach (var b in batches) whole.Update(b);

        var random = new Random(seed);
        var parts = Enumerable.Range(0, 3).Select(_ => new TableProfiler(batches[0].Schema)).ToArray();
        foreach (var b in batches) parts[random.Next(parts.Length)].Update(b);
        parts[2].Merge(parts[0]);
        parts[2].Merge(parts[1]);

        AssertSame(whole.Report(), parts[2].Report());
        foreach (var b in batches) b.Dispose();
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 333)]
    [InlineData(4, 65536)]
    public async Task TheProfileDoesNotDependOnParallelismOrBatchSize(int parallelism, int batchSize)
    {
        var reference = await FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", "tips.csv"), engine: new PipelineOptions { MaxDegreeOfParallelism = 1, BatchSize = 65536 });
        var other = await FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", "tips.csv"), engine: new PipelineOptions { MaxDegreeOfParallelism = parallelism, BatchSize = batchSize });
        AssertSame(reference, other);
        Assert.Equal(reference.Correlations.Select(c => c.Rows), other.Correlations.Select(c => c.Rows));
    }

    [Fact]
    public async Task ProfileJsonRoundTripsWithTheDocumentedKeys()
    {
        using var dir = new TempDirectory();
        var report = await FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", "iris.csv"));
        Profiler.Write(report, dir.File("profile.json"));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("profile.json")));
        var root = doc.RootElement;
        foreach (var key in new[] { "schema_version", "row_count", "column_count", "duplicate_row_count", "columns", "correlations", "alerts" })
            Assert.True(root.TryGetProperty(key, out _), key);
        var column = root.GetProperty("columns")[0];
        foreach (var key in new[] { "name", "type", "count", "null_count", "distinct_count", "min", "max", "mean", "stddev", "quantiles", "top_values" })
            Assert.True(column.TryGetProperty(key, out _), key);
        foreach (var q in new[] { "p01", "p05", "p25", "p50", "p75", "p95", "p99" })
            Assert.True(column.GetProperty("quantiles").TryGetProperty(q, out _), q);
        foreach (var key in new[] { "a", "b", "method", "value" })
            Assert.True(root.GetProperty("correlations")[0].TryGetProperty(key, out _), key);
        foreach (var key in new[] { "type", "column", "value", "threshold", "message" })
            Assert.True(root.GetProperty("alerts")[0].TryGetProperty(key, out _), key);
    }
}
