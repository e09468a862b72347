using System.Globalization;
using System.Text;
using Apache.Arrow;
using Pipeline.Core.Options;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Clean;

public class CleaningJobTests
{
    /// <summary>40 rows: city variants ("NY" ×3 per 8 rows, "ny ", "N.Y.", "NA", " Boston ", "boston"); amount text
    /// with decimal commas ("12,5") and one outlier ("999,0") at row 20; price with nulls every 5th row; temp with
    /// nulls every 4th row (filled forward); score with one extreme value at row 30.</summary>
    private static string WriteInput(TempDirectory dir)
    {
        string[] cities = ["NY", "ny ", "N.Y.", "NY", "NA", " Boston ", "boston", "NY"];
        var sb = new StringBuilder("id,city,amount,price,temp,score\n");
        for (int i = 0; i < 40; i++)
        {
            string amount = i == 20 ? "\"999,0\"" : $"\"{10 + i % 5},5\"";
            string price = i % 5 == 0 ? "" : (i % 3 + 1).ToString(CultureInfo.InvariantCulture);
            string temp = i % 4 == 0 && i > 0 ? "" : (i * 2).ToString(CultureInfo.InvariantCulture);
            string score = i == 30 ? "500" : (50 + i % 7).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{i},{cities[i % 8]},{amount},{price},{temp},{score}\n");
        }
        return dir.WriteText("in.csv", sb.ToString());
    }

    private const string Spec = """
        source: in.csv
        sinks: [out.parquet]
        clean:
          city: {null_tokens: true, trim: true, merge_near_duplicates: true}
          amount: {parse: number, outliers: {method: iqr, action: clip}}
          price: {impute: {strategy: median, indicator: true}}
          temp: {impute: forward_fill}
          score: {outliers: {method: mad, action: quarantine}}
        rules:
          - {name: city_known, column: city, not_null: true, severity: warn}
        """;

    private static async Task<(RunResults Results, Schema Schema, List<RecordBatch> Batches)> Run(TempDirectory dir, int dop, int batchSize, string name)
    {
        var specPath = dir.WriteText(name + ".yaml", Spec.Replace("out.parquet", name + ".parquet", StringComparison.Ordinal));
        var spec = SpecReader.ReadFile(specPath);
        spec = spec with { Options = spec.Options with { MaxDegreeOfParallelism = dop, BatchSize = batchSize } };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File(name), Command = "run" });
        Assert.True(job.Succeeded, job.Error?.ToString());
        var (schema, batches) = BatchReading.ReadAll(FileFormats.OpenSource(dir.File(name + ".parquet"), new SourceOptions()));
        return (job.Results, schema, batches);
    }

    private static List<string?> Column(List<RecordBatch> batches, string name)
        => batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => BatchReading.Display(b.Column(name), i))).ToList();

    [Fact]
    public async Task CleansCountsAndConservesAtAnyParallelism()
    {
        using var dir = new TempDirectory();
        WriteInput(dir);
        var (r, schema, batches) = await Run(dir, 1, 65536, "one");

        Assert.Equal(["id", "city", "amount", "price", "price_imputed", "temp", "score"], schema.FieldsList.Select(f => f.Name));
        // The score outlier (500 at row 30) is quarantined by the generated rule; nothing is lost.
        Assert.Equal(40, r.Rows.Read);
        Assert.Equal(1, r.Rows.Quarantined);
        Assert.Equal(39, r.Rows.Passed);
        Assert.Equal(r.Rows.Read, r.Rows.Passed + r.Rows.Quarantined + r.Rows.Dropped);
        var outliers = Assert.Single(r.Rules, x => x.Name == "score_outliers");
        Assert.Equal(30, outliers.Examples[0].Row);

        var city = Column(batches, "city");
        // "NY" is the most frequent variant: "ny " (trimmed to "ny") and "N.Y." merge into it; " Boston " and "boston" into one.
        Assert.DoesNotContain("ny", city);
        Assert.DoesNotContain("N.Y.", city);
        Assert.Equal(5, city.Count(c => c is null));
        Assert.Equal(["Boston", "NY"], city.OfType<string>().Distinct().Order(StringComparer.Ordinal));

        var byColumn = r.Cleaning.ToDictionary(c => c.Column);
        Assert.Equal(5, byColumn["city"].Steps["null_tokens"]);
        Assert.True(byColumn["city"].Steps["merge_near_duplicates"] >= 10);
        Assert.Equal(5, byColumn["city"].After.Nulls);
        Assert.Equal(0, byColumn["city"].Before.Nulls);

        Assert.Equal("decimal_comma", byColumn["amount"].ParseFormat);
        Assert.Equal(40, byColumn["amount"].Steps["parse"]);
        Assert.Equal(1, byColumn["amount"].Steps["outliers"]);
        Assert.Null(byColumn["amount"].Before.Max); // text before parsing has no numbers
        Assert.True(byColumn["amount"].After.Max < 20, "the 999 was clipped to the upper fence");

        Assert.Equal(8, byColumn["price"].Steps["impute"]);
        Assert.Equal(8, byColumn["price"].Before.Nulls);
        Assert.Equal(0, byColumn["price"].After.Nulls);
        Assert.Equal(2, byColumn["price"].Statistics!["median"]);
        Assert.Equal(["price_imputed"], byColumn["price"].AddedColumns);

        // Forward fill: row 4k takes row 4k-1's value 2(4k-1).
        var temp = Column(batches, "temp");
        var ids = Column(batches, "id");
        for (int i = 0; i < ids.Count; i++)
        {
            int id = int.Parse(ids[i]!, CultureInfo.InvariantCulture);
            string expected = (id % 4 == 0 && id > 0 ? (id - 1) * 2 : id * 2).ToString(CultureInfo.InvariantCulture);
            Assert.Equal(expected, temp[i]);
        }

        Assert.NotNull(r.Quality);
        Assert.InRange(r.Quality!.Score, 0.5, 1);
        Assert.Equal(0.3, r.Quality.Weights["completeness"]);
        var cityQuality = r.Quality.Columns.Single(c => c.Column == "city");
        Assert.Equal(0.875, cityQuality.Dimensions["completeness"].Score);

        // Batch size 3 puts the quarantined outlier first in its batch: one contiguous run on each side (a crash once).
        foreach (var (dop, batch) in new[] { (2, 16), (2, 9), (1, 3), (2, 3) })
        {
            var (r2, _, b2) = await Run(dir, dop, batch, $"p{dop}-{batch}");
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(r.Cleaning), System.Text.Json.JsonSerializer.Serialize(r2.Cleaning));
            Assert.Equal(r.Rows, r2.Rows);
            Assert.Equal(Column(batches, "temp"), Column(b2, "temp"));
            Assert.Equal(Column(batches, "city"), Column(b2, "city"));
        }
    }

    [Fact]
    public async Task StatisticsFromStandardInputAreRefused()
    {
        using var dir = new TempDirectory();
        var spec = SpecReader.Parse("source: {path: '-', format: csv}\nclean:\n  a: {impute: median}\n", dir.File("s.yaml"));
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run"), Command = "run" });
        Assert.False(job.Succeeded);
        Assert.Contains("standard input cannot be read twice", job.Error!.Message);
    }

    [Theory]
    [InlineData("a: {impute: constant}", "needs a value")]
    [InlineData("a: {outliers: {method: iqq}}", "did you mean 'iqr'")]
    [InlineData("a: {trimm: true}", "did you mean 'trim'")]
    [InlineData("a: {parse: {type: date, format: '%Q'}}", "unknown directive")]
    [InlineData("a: {outliers: {action: null}, impute: forward_fill}", "ambiguous")]
    public void BadCleaningSpecsPointAtTheLine(string clean, string message)
    {
        var error = Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => SpecReader.Parse($"source: x.csv\nclean:\n  {clean}\n", "s.yaml"));
        Assert.Contains("s.yaml:3:", error.Message);
        Assert.Contains(message, error.Message);
    }
}
